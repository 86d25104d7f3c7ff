using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DicomAiNode.Vision.Model;

/// <summary>
/// One loaded YOLOE / YOLO-seg ONNX model: its contract (layout, names, input size, batch, I/O precision, optional
/// class-embedding input) and one ONNX Runtime session shared by all callers (<see cref="Run"/> is thread-safe).
/// Create with <see cref="YoloeModelLoader"/>.
/// </summary>
public sealed class YoloeModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    internal YoloeModel(InferenceSession session, string path, string executionProvider)
    {
        _session = session;
        Path = path;
        ExecutionProvider = executionProvider;
        Metadata = YoloeMetadata.Parse(session.ModelMetadata.CustomMetadataMap, path);

        var inputs = session.InputMetadata;
        var image = inputs.FirstOrDefault(i => i.Key == "images");
        if (image.Value is null)
        {
            image = inputs.FirstOrDefault(i => i.Value.IsTensor && i.Value.Dimensions.Length == 4);
        }

        if (image.Value is null)
        {
            throw new InvalidDataException($"{path}: no image input (expected 'images' [B,3,H,W])");
        }

        ImagesInputName = image.Key;
        var dims = image.Value.Dimensions;
        if (dims.Length != 4 || dims[1] is not (3 or -1))
        {
            throw new InvalidDataException($"{path}: input '{image.Key}' has shape [{string.Join(",", dims)}], expected [B,3,H,W]");
        }

        HalfPrecision = image.Value.ElementDataType switch
        {
            TensorElementType.Float => false,
            TensorElementType.Float16 => true,
            var t => throw new InvalidDataException($"{path}: input '{image.Key}' is {t}, expected float or float16"),
        };
        FixedBatch = dims[0] > 0 ? dims[0] : null;
        InputHeight = dims[2] > 0 ? dims[2] : Metadata.ImageHeight;
        InputWidth = dims[3] > 0 ? dims[3] : Metadata.ImageWidth;
        if (InputHeight <= 0 || InputWidth <= 0)
        {
            throw new InvalidDataException($"{path}: input size is dynamic and metadata_props has no 'imgsz'");
        }

        var embeddings = inputs.Where(i => i.Key != ImagesInputName).ToList();
        if (embeddings.Count > 1)
        {
            throw new InvalidDataException($"{path}: {inputs.Count} inputs; expected 'images' and at most one class-embedding input");
        }

        if (embeddings.Count == 1)
        {
            var e = embeddings[0];
            if (e.Value.Dimensions.Length != 3 || e.Value.Dimensions[2] <= 0)
            {
                throw new InvalidDataException($"{path}: input '{e.Key}' has shape [{string.Join(",", e.Value.Dimensions)}], expected class embeddings [B,K,D]");
            }

            ClassEmbeddingsInputName = e.Key;
            EmbeddingDimension = e.Value.Dimensions[2];
            FixedClassCount = e.Value.Dimensions[1] > 0 ? e.Value.Dimensions[1] : null;
        }

        var outputs = session.OutputMetadata;
        _outputNames = outputs.ContainsKey("output0") && outputs.ContainsKey("output1")
            ? ["output0", "output1"]
            : session.OutputNames.Take(2).ToArray();
        if (_outputNames.Length != 2)
        {
            throw new InvalidDataException($"{path}: {outputs.Count} output(s); a segmentation model has output0 and output1 (prototypes)");
        }

        var o0 = outputs[_outputNames[0]].Dimensions;
        var o1 = outputs[_outputNames[1]].Dimensions;
        if (o1.Length != 4 || o0.Length != 3)
        {
            throw new InvalidDataException($"{path}: outputs [{string.Join(",", o0)}] and [{string.Join(",", o1)}] are not the segment layout (rank 3 and rank 4)");
        }

        MaskCoefficientCount = o1[1] > 0 ? o1[1] : 32;
        Layout = DetectLayout(o0, path);
        Output0Shape = o0;
    }

    /// <summary>The file the model was loaded from (full path).</summary>
    public string Path { get; }

    /// <summary>"CUDA" or "CPU".</summary>
    public string ExecutionProvider { get; }

    public YoloeMetadata Metadata { get; }

    public YoloeOutputLayout Layout { get; }

    /// <summary>Declared <c>output0</c> dimensions (−1 for symbolic ones).</summary>
    public IReadOnlyList<int> Output0Shape { get; }

    public string ImagesInputName { get; }

    public int InputHeight { get; }

    public int InputWidth { get; }

    /// <summary>The batch size the graph requires, or null when the batch axis is dynamic.</summary>
    public int? FixedBatch { get; }

    /// <summary>Float16 input and outputs (GPU <c>half=True</c> exports); data is converted at the boundary.</summary>
    public bool HalfPrecision { get; }

    /// <summary>Number of mask prototypes (<c>nm</c>, 32 for Ultralytics).</summary>
    public int MaskCoefficientCount { get; }

    /// <summary>Name of the runtime class-embedding input <c>[B,K,D]</c>, or null for a fixed-vocabulary export.</summary>
    public string? ClassEmbeddingsInputName { get; }

    /// <summary>D of the class-embedding input.</summary>
    public int? EmbeddingDimension { get; }

    /// <summary>K when the class-embedding input pins it.</summary>
    public int? FixedClassCount { get; }

    public bool AcceptsClassEmbeddings => ClassEmbeddingsInputName is not null;

    /// <summary>Class names of a fixed-vocabulary model (from metadata).</summary>
    public IReadOnlyList<string> Names => Metadata.Names;

    /// <summary>
    /// Runs the graph on <paramref name="batch"/> preprocessed images <c>[batch,3,H,W]</c> and, for a class-embedding
    /// model, <paramref name="classCount"/> embeddings per image <c>[batch,K,D]</c>.
    /// </summary>
    public YoloeInferenceOutput Run(Memory<float> images, int batch, Memory<float> classEmbeddings = default, int classCount = 0,
        CancellationToken cancellationToken = default)
    {
        long imageLength = (long)batch * 3 * InputHeight * InputWidth;
        if (batch <= 0 || images.Length < imageLength)
        {
            throw new ArgumentException($"images holds {images.Length} values; batch {batch} needs {imageLength}", nameof(images));
        }

        if (FixedBatch is int fixedBatch && fixedBatch != batch)
        {
            throw new ArgumentException($"{Path}: the graph requires batch {fixedBatch}, got {batch}", nameof(batch));
        }

        var names = new List<string> { ImagesInputName };
        var values = new List<OrtValue>();
        var rented = new List<Float16[]>();
        try
        {
            values.Add(CreateInput(images[..(int)imageLength], [batch, 3, InputHeight, InputWidth], rented));
            if (ClassEmbeddingsInputName is not null)
            {
                int d = EmbeddingDimension!.Value;
                long embLength = (long)batch * classCount * d;
                if (classCount <= 0 || classEmbeddings.Length < embLength)
                {
                    throw new ArgumentException($"{Path}: needs {classCount} class embeddings of dimension {d} per image", nameof(classEmbeddings));
                }

                names.Add(ClassEmbeddingsInputName);
                values.Add(CreateInput(classEmbeddings[..(int)embLength], [batch, classCount, d], rented));
            }

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            cancellationToken.ThrowIfCancellationRequested();
            IDisposableReadOnlyCollection<OrtValue> results;
            try
            {
                results = _session.Run(runOptions, names, values, _outputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            return new YoloeInferenceOutput(results, HalfPrecision);
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }

            foreach (var r in rented)
            {
                ArrayPool<Float16>.Shared.Return(r);
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private OrtValue CreateInput(Memory<float> data, long[] shape, List<Float16[]> rented)
    {
        if (!HalfPrecision)
        {
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, shape);
        }

        var half = ArrayPool<Float16>.Shared.Rent(data.Length);
        rented.Add(half);
        System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(data.Span, MemoryMarshal.Cast<Float16, Half>(half.AsSpan(0, data.Length)));
        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, half.AsMemory(0, data.Length), shape);
    }

    private YoloeOutputLayout DetectLayout(int[] o0, string path)
    {
        int nm = MaskCoefficientCount;
        // Contract §3.3: the metadata flag first (8.4.x), then the shape (8.3.x has no end2end key).
        if (Metadata.EndToEnd == true)
        {
            if (o0[2] > 0 && o0[2] != 6 + nm)
            {
                throw new InvalidDataException($"{path}: metadata says end2end but output0 is [{string.Join(",", o0)}], expected [B,N,{6 + nm}]");
            }

            return YoloeOutputLayout.EndToEnd;
        }

        int nc = Metadata.Names.Count;
        if (o0[1] > 0 && o0[1] == 4 + nc + nm && !AcceptsClassEmbeddings)
        {
            return YoloeOutputLayout.Classic;
        }

        if (o0[2] == 6 + nm && o0[1] > 0 && (o0[1] == 300 || o0[1] != 4 + nc + nm))
        {
            return YoloeOutputLayout.EndToEnd;
        }

        if (AcceptsClassEmbeddings || o0[1] < 0 || nc == 0)
        {
            return YoloeOutputLayout.Classic; // class count comes with the embeddings or from the run
        }

        throw new InvalidDataException($"{path}: output0 [{string.Join(",", o0)}] matches neither the classic layout [B,{4 + nc + nm},A] (nc={nc} names) nor end2end [B,300,{6 + nm}]");
    }
}
