namespace DicomAiNode.Outbox;

/// <summary>One file of a delivery batch.</summary>
public sealed record OutboxFile(long OutboxId, string FilePath, string SopInstanceUid);
