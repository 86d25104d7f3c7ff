namespace DicomAiNode.Storage;

/// <summary>A file (spool) or folder (results) of a purged study, journaled in the purge's transaction and deleted after it.</summary>
public sealed record FileDeletion(long Id, string StudyInstanceUid, string Path, FileDeletionKind Kind);
