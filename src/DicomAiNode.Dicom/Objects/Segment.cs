namespace DicomAiNode.Dicom.Objects;

/// <summary>One item of a SEG's Segment Sequence as read: its number, description and algorithm name.</summary>
public sealed record Segment(int Number, SegmentDescription Description, string? AlgorithmName);
