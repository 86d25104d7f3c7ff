using DicomAiNode.Vision.Model;

namespace DicomAiNode.Vision.Tests.Model;

public class YoloeModelLoaderTests
{
    [Fact]
    public void Reads_the_classic_layout_names_imgsz_and_dynamic_batch()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        Assert.Equal(YoloeOutputLayout.Classic, model.Layout);
        Assert.Equal(["lung nodule", "crohn's disease, colon: wall", "Lungenrundherd ü \\ \"x\""], model.Names);
        Assert.Equal((64, 64), (model.InputHeight, model.InputWidth));
        Assert.Null(model.FixedBatch);
        Assert.False(model.HalfPrecision);
        Assert.False(model.AcceptsClassEmbeddings);
        Assert.Equal(32, model.MaskCoefficientCount);
        Assert.Equal("CPU", model.ExecutionProvider);
        Assert.Equal("segment", model.Metadata.Task);
        Assert.Equal(32, model.Metadata.Stride);
        Assert.True(model.Metadata.DynamicExport);
    }

    [Fact]
    public void Reads_the_end2end_layout_from_metadata_and_shape()
    {
        using var model = Fixtures.Load("end2end-seg.onnx");
        Assert.Equal(YoloeOutputLayout.EndToEnd, model.Layout);
        Assert.Equal(true, model.Metadata.EndToEnd);
        Assert.Equal(1, model.FixedBatch);
    }

    [Fact]
    public void Detects_float16_io_and_a_fixed_batch()
    {
        using var model = Fixtures.Load("classic-seg-fp16.onnx");
        Assert.True(model.HalfPrecision);
        Assert.Equal(2, model.FixedBatch);
        Assert.Equal(YoloeOutputLayout.Classic, model.Layout);
    }

    [Fact]
    public void Detects_the_class_embedding_input()
    {
        using var model = Fixtures.Load("vocab-seg.onnx");
        Assert.True(model.AcceptsClassEmbeddings);
        Assert.Equal("class_embeddings", model.ClassEmbeddingsInputName);
        Assert.Equal(8, model.EmbeddingDimension);
        Assert.Null(model.FixedClassCount);
        Assert.Equal(YoloeOutputLayout.Classic, model.Layout);
    }

    [Fact]
    public void Falls_back_to_cpu_when_cuda_is_requested_but_not_loadable()
    {
        var logger = new ListLogger<YoloeModelLoader>();
        using var model = new YoloeModelLoader(new InferenceOptions { UseCuda = true }, logger).Load(Fixtures.Path("classic-seg.onnx"));
        Assert.Equal("CPU", model.ExecutionProvider);
        Assert.Contains(logger.Lines, l => l.Contains("CPU execution provider (CUDA requested but not loadable", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => new YoloeModelLoader(new InferenceOptions()).Load("/nonexistent/model.onnx"));
        Assert.Contains("/nonexistent/model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_rejected_with_its_name()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a model");
            var ex = Assert.Throws<InvalidDataException>(() => new YoloeModelLoader(new InferenceOptions()).Load(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Registry_shares_one_model_per_path()
    {
        using var registry = new YoloeModelRegistry(new YoloeModelLoader(new InferenceOptions()));
        var a = registry.Get(Fixtures.Path("classic-seg.onnx"));
        var b = registry.Get(Fixtures.Path("../fixtures/classic-seg.onnx"));
        Assert.Same(a, b);
    }

    [Fact]
    public void Metadata_errors_name_the_file_and_key()
    {
        var props = new Dictionary<string, string> { ["names"] = "{0: 'a', 1: 'b'", ["imgsz"] = "[64, 64]" };
        var ex = Assert.Throws<InvalidDataException>(() => YoloeMetadata.Parse(props, "models/x.onnx"));
        Assert.Contains("models/x.onnx: metadata_props 'names'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_missing_from_the_dict_become_class_ids_and_nms_args_mean_end2end()
    {
        var props = new Dictionary<string, string>
        {
            ["names"] = "{0: 'a', 2: 'c'}",
            ["imgsz"] = "640",
            ["args"] = "{'nms': True, 'batch': 4}",
        };
        var meta = YoloeMetadata.Parse(props, "x.onnx");
        Assert.Equal(["a", "class1", "c"], meta.Names);
        Assert.Equal((640, 640), (meta.ImageHeight, meta.ImageWidth));
        Assert.Equal(true, meta.EndToEnd);
    }

    [Fact]
    public void Reads_the_projects_windows_key()
    {
        var props = new Dictionary<string, string>
        {
            ["windows"] = "[{'name': 'lung', 'center': -600.0, 'width': 1500.0}, {'name': 'mediastinum', 'center': 50, 'width': 350}, {'name': 'bone', 'center': 400.0, 'width': 1800.0}]",
        };
        var meta = YoloeMetadata.Parse(props, "x.onnx");
        Assert.Equal([new(-600, 1500), new(50, 350), new Vision.Preprocessing.WindowPreset(400, 1800)], meta.Windows);
        Assert.Empty(YoloeMetadata.Parse(new Dictionary<string, string>(), "x.onnx").Windows);
        Assert.Throws<InvalidDataException>(() => YoloeMetadata.Parse(new Dictionary<string, string> { ["windows"] = "[{'center': 1}]" }, "x.onnx"));
    }
}
