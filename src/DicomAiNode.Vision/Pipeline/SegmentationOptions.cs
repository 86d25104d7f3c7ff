using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>What to run on a series: input windows, thresholds, vocabulary, batching and post-processing.</summary>
public sealed record SegmentationOptions
{
    /// <summary>
    /// How slice values become the three input channels. Null: the windows the model's metadata names (the
    /// project's models do), else the lung window replicated.
    /// </summary>
    public ChannelMapping? Channels { get; init; }

    /// <summary>conf, iou, max_det, agnostic (contract §5.2 defaults). Its class filter is set from <see cref="Classes"/>.</summary>
    public DecodeOptions Decode { get; init; } = new();

    /// <summary>
    /// Class names to detect. A fixed-vocabulary model keeps only these of its names (null: all, prompt-free);
    /// a class-embedding model runs with exactly these, looked up in <see cref="ClassEmbeddings"/> (null: all of them).
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Class name → embedding, for models with a class-embedding input.</summary>
    public IReadOnlyDictionary<string, float[]>? ClassEmbeddings { get; init; }

    /// <summary>Slices per model run (a fixed-batch graph overrides it).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Masks by <c>process_mask_native</c> (logits scaled to the slice) instead of <c>process_mask</c>.</summary>
    public bool RetinaMasks { get; init; }

    public MaskCropRule MaskCrop { get; init; } = MaskCropRule.Auto;

    public PostProcessingOptions PostProcessing { get; init; } = new();

    /// <summary>Slices preprocessed, and decoded, at the same time within a batch.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Threads for the class-score scan of large vocabularies (prompt-free 4585 classes); 1 keeps it on one thread.</summary>
    public int DecodeParallelism { get; init; } = 1;
}
