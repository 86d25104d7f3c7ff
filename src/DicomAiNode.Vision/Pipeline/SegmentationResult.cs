using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>The findings of one series, with per-slice results and timings.</summary>
public sealed record SegmentationResult(
    IReadOnlyList<Finding3D> Findings,
    IReadOnlyList<SliceResult> Slices,
    IReadOnlyList<string> ClassNames,
    string ModelPath,
    string ExecutionProvider,
    TimeSpan Elapsed);
