using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>The part of a 3D finding on one slice (index into the slices given to the segmenter).</summary>
public sealed record FindingSlice(int SliceIndex, RegionMask Mask, float Confidence);
