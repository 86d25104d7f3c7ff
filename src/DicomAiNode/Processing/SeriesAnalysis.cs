namespace DicomAiNode.Processing;

/// <summary>What one rule produced for one series, with the numbers the audit log and the metrics record.</summary>
/// <param name="Model">The model's name and version (the first hex digits of its file's SHA-256).</param>
/// <param name="Results">Result files written (complete and durable), in the order they should be sent.</param>
/// <param name="ModelTime">Time spent in the model itself (ONNX Runtime), summed over batches.</param>
/// <param name="Total">Whole analysis: reading pixels, pre-processing, model, post-processing, writing results.</param>
public sealed record SeriesAnalysis(
    IReadOnlyList<ResultFile> Results,
    string Model,
    IReadOnlyList<string> Classes,
    int Slices,
    int Findings,
    TimeSpan ModelTime,
    TimeSpan Total,
    string ExecutionProvider)
{
    /// <summary>
    /// Busy time per stage in ms, summed over batches (read, preprocess, model, decode, post-process, then link and
    /// write once); stages of different batches overlap, so they add up to more than <see cref="Total"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double>? StageMs { get; init; }
}
