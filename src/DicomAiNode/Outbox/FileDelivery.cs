namespace DicomAiNode.Outbox;

/// <summary>The outcome for one file, with the reason when it failed.</summary>
public sealed record FileDelivery(string SopInstanceUid, DeliveryStatus Status, string? Error = null);
