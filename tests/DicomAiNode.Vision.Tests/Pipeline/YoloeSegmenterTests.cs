using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Pipeline;

public class YoloeSegmenterTests
{
    private static Slice[] Series(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Slice(Enumerable.Repeat(-500f + i, 50 * 40).ToArray(), 50, 40, 0.7, 0.7, 2.5, i * 2.5))];

    [Fact]
    public async Task Constant_outputs_give_the_same_instances_on_every_slice_linked_through_the_series()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var progress = new List<SegmentationProgress>();
        var options = new SegmentationOptions
        {
            BatchSize = 2,
            MaskCrop = MaskCropRule.Rounded,
            PostProcessing = new PostProcessingOptions { ClosingRadius = 0, FillHoles = false },
        };
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(5), options, new SyncProgress(progress.Add));

        // The fixture's class-aware decoding keeps 7 boxes, of which the rounded crop path leaves 5 non-empty masks
        // (expected-decoding.json); every slice must show those same 5.
        var e = Fixtures.Json("expected-decoding.json").GetProperty("classic").GetProperty("class_aware");
        int expected = e.GetProperty("loop").EnumerateArray().Count(m => m.GetProperty("kept").GetBoolean());
        Assert.All(result.Slices, s => Assert.Equal(7, s.RawDetections));
        Assert.True(result.Slices.All(s => s.Instances.Count <= expected && s.Instances.Count > 0));
        Assert.Equal(result.Slices[0].Instances.Select(i => (i.ClassId, i.Mask.Area)), result.Slices[4].Instances.Select(i => (i.ClassId, i.Mask.Area)));
        Assert.All(result.Findings, f => Assert.Equal([0, 1, 2, 3, 4], f.Slices.Select(s => s.SliceIndex)));
        Assert.All(result.Findings, f => Assert.Equal(f.VoxelCount * 0.7 * 0.7 * 2.5, f.VolumeMm3, 6));
        Assert.Equal([2, 4, 5], progress.Select(p => p.SlicesDone));
        Assert.All(result.Slices, s => Assert.True(s.Timing.ModelMs > 0 && s.Timing.PreprocessMs > 0 && s.Timing.DecodeMs > 0));
        Assert.Equal("crohn's disease, colon: wall", result.ClassNames[1]);
    }

    [Fact]
    public async Task Class_names_filter_a_fixed_vocabulary_and_unknown_names_are_configuration_errors()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        var segmenter = new YoloeSegmenter(model);
        var result = await segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["LUNG NODULE"] });
        Assert.All(result.Slices[0].Instances, i => Assert.Equal(0, i.ClassId));
        Assert.NotEmpty(result.Slices[0].Instances);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["liver cyst"] }));
        Assert.Contains("'liver cyst'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedding_model_runs_with_the_requested_classes_from_the_embeddings_file()
    {
        using var model = Fixtures.Load("vocab-seg.onnx");
        var embeddings = ClassEmbeddingFile.Load(Fixtures.Path("vocab-seg.embeddings.json"));
        var segmenter = new YoloeSegmenter(model);
        var result = await segmenter.SegmentAsync(Series(3), new SegmentationOptions { Classes = ["cyst", "solid nodule"], ClassEmbeddings = embeddings, BatchSize = 3 });
        Assert.Equal(["cyst", "solid nodule"], result.ClassNames);
        // Anchor 0 (box 14..30) matches 'solid nodule' (id 1), anchor 3 (box 41..51) matches 'cyst' (id 0).
        Assert.Equal([1, 0], result.Slices[0].Instances.Select(i => i.ClassId).Order().Reverse());
        Assert.Contains(result.Findings, f => f.ClassName == "cyst" && f.Slices.Count == 3);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            segmenter.SegmentAsync(Series(1), new SegmentationOptions { Classes = ["granuloma"], ClassEmbeddings = embeddings }));
        Assert.Contains("'granuloma' has no embedding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_batch_float16_model_pads_the_last_batch()
    {
        using var model = Fixtures.Load("classic-seg-fp16.onnx");
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(3), new SegmentationOptions { BatchSize = 16 });
        Assert.Equal(3, result.Slices.Count);
        Assert.All(result.Slices, s => Assert.Equal(7, s.RawDetections));
    }

    [Fact]
    public async Task Retina_masks_and_end2end_models_segment_too()
    {
        using var model = Fixtures.Load("end2end-seg.onnx");
        var result = await new YoloeSegmenter(model).SegmentAsync(Series(2), new SegmentationOptions { RetinaMasks = true });
        Assert.All(result.Slices, s => Assert.Equal(3, s.RawDetections));
        Assert.NotEmpty(result.Findings);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var model = Fixtures.Load("classic-seg.onnx");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new YoloeSegmenter(model).SegmentAsync(Series(2), new SegmentationOptions(), null, cts.Token));
    }

    private sealed class SyncProgress(Action<SegmentationProgress> report) : IProgress<SegmentationProgress>
    {
        public void Report(SegmentationProgress value) => report(value);
    }
}
