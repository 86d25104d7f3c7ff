using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>One 2D instance on one slice, in slice pixels: class, confidence, box (after <c>scale_boxes</c>) and mask.</summary>
public sealed record SliceInstance(int SliceIndex, int ClassId, float Confidence, float X1, float Y1, float X2, float Y2, RegionMask Mask);
