using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Vision.Pipeline;

/// <summary>One slice's instances after 2D clean-up, and its timings.</summary>
public sealed record SliceResult(int SliceIndex, IReadOnlyList<SliceInstance> Instances, SliceTiming Timing, int RawDetections);
