namespace DicomAiNode.Processing;

/// <summary>A result instance on disk: its file, SOP Instance UID and kind (SEG or SR).</summary>
public sealed record ResultFile(string Path, string SopInstanceUid, string Kind);
