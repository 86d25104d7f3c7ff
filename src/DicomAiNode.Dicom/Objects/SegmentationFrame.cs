namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// One frame of a SEG as read: its segment, the source images it was derived from (Derivation Image macro), its
/// Image Position (Patient) and its mask (Rows × Columns bytes, 1 = inside).
/// </summary>
public sealed record SegmentationFrame(int Index, int SegmentNumber, IReadOnlyList<string> SourceSopInstanceUids, IReadOnlyList<double>? ImagePosition, byte[] Mask);
