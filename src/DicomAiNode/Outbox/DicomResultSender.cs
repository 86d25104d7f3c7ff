using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Network;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Outbox;

/// <summary>
/// Delivers result files with the toolkit's C-STORE SCU: one association per destination batch, one status per
/// instance. Success and warnings (PS3.4 B.2.3) are delivered; out of resources (A7xx), resource limitation and
/// processing failures are worth another try; anything else (SOP class not supported, A9xx, Cxxx) is refused for good.
/// A connection or association failure throws, and the scheduler counts the whole batch as a transient failure.
/// </summary>
public sealed class DicomResultSender : IResultSender
{
    private readonly NodeOptions _options;

    public DicomResultSender(IOptions<NodeOptions> options)
    {
        _options = options.Value;
    }

    public async Task<DeliveryResult> SendAsync(PeerOptions destination, IReadOnlyList<OutboxFile> files, CancellationToken cancellationToken)
    {
        var client = new DicomClient(new DicomClientOptions
        {
            Host = destination.Host,
            Port = destination.Port,
            CallingAETitle = _options.Node.AeTitle,
            CalledAETitle = destination.AeTitle,
            DimseTimeout = TimeSpan.FromSeconds(_options.Node.DimseTimeoutSeconds),
            AssociationTimeout = TimeSpan.FromSeconds(_options.Node.AssociationTimeoutSeconds),
        });
        var results = await client.StoreFilesAsync(files.Select(f => f.FilePath), cancellationToken);
        var deliveries = new List<FileDelivery>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            var result = results[i];
            var status = Classify(result.Status);
            deliveries.Add(new FileDelivery(files[i].SopInstanceUid, status,
                status == DeliveryStatus.Delivered ? null : $"{destination.AeTitle} answered {result.Status}{(result.Error is { Length: > 0 } e ? ": " + e : "")}"));
        }
        return new DeliveryResult(deliveries);
    }

    public static DeliveryStatus Classify(DicomStatus status)
    {
        if (status.IsSuccess || status.IsWarning) return DeliveryStatus.Delivered;
        if ((status.Code & 0xFF00) == 0xA700 || status == DicomStatus.ResourceLimitation || status == DicomStatus.ProcessingFailure)
            return DeliveryStatus.TransientFailure;
        return DeliveryStatus.PermanentFailure;
    }
}
