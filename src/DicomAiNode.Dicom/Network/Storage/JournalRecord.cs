namespace DicomAiNode.Dicom.Network;

/// <summary>A committed record of a <see cref="JournalSegment"/>: which spool file it restores and where its bytes are.</summary>
internal sealed record JournalRecord(JournalSegment Segment, ulong Sequence, string FileName, long PayloadOffset, long Length);
