namespace DicomAiNode.Vision.Pipeline;

/// <summary>Slices processed so far out of the series.</summary>
public readonly record struct SegmentationProgress(int SlicesDone, int SliceCount);
