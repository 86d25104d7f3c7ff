namespace DicomAiNode.Storage;

/// <summary>A result file to put into the outbox for one destination.</summary>
public sealed record OutboxRequest(string StudyInstanceUid, string DestinationAeTitle, string FilePath, string SopInstanceUid, long? JobId = null);
