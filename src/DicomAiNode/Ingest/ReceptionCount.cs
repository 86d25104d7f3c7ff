namespace DicomAiNode.Ingest;

/// <summary>Instances of one study received on one association, not yet audited.</summary>
public sealed record ReceptionCount(string StudyInstanceUid, string CallingAeTitle, string Peer, string? PatientId, int Instances, long Bytes, DateTimeOffset LastAt);
