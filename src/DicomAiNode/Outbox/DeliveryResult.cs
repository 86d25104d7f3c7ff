namespace DicomAiNode.Outbox;

/// <summary>The outcome of a batch, one entry per file (a file without an entry counts as a transient failure).</summary>
public sealed record DeliveryResult(IReadOnlyList<FileDelivery> Files)
{
    public static DeliveryResult AllDelivered(IEnumerable<OutboxFile> files) =>
        new(files.Select(f => new FileDelivery(f.SopInstanceUid, DeliveryStatus.Delivered)).ToList());

    public static DeliveryResult AllFailed(IEnumerable<OutboxFile> files, DeliveryStatus status, string error) =>
        new(files.Select(f => new FileDelivery(f.SopInstanceUid, status, error)).ToList());
}
