using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Outbox;

/// <summary>
/// Delivers result files with the toolkit's C-STORE SCU over associations of the <see cref="ResultAssociationPool"/>:
/// a batch goes over an association the previous batch left open (or a new one), one status per instance. Success
/// and warnings (PS3.4 B.2.3) are delivered; out of resources (A7xx), resource limitation and processing failures are
/// worth another try; anything else (SOP class not supported, A9xx, Cxxx) is refused for good. When a reused
/// association breaks before answering, the unanswered files go once more over a fresh one (the peer may have closed
/// it while idle). A connection or association failure throws, and the scheduler counts the batch as a transient failure.
/// </summary>
public sealed class DicomResultSender : IResultSender
{
    private readonly ResultAssociationPool _pool;

    public DicomResultSender(ResultAssociationPool pool)
    {
        _pool = pool;
    }

    public async Task<DeliveryResult> SendAsync(PeerOptions destination, IReadOnlyList<OutboxFile> files, CancellationToken cancellationToken)
    {
        var outcomes = new FileDelivery?[files.Count];
        var pending = new List<(int Index, Part10Header Header)>();
        for (int i = 0; i < files.Count; i++)
        {
            try
            {
                pending.Add((i, Part10Header.Read(files[i].FilePath)));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or DicomFileException or DicomDataException)
            {
                outcomes[i] = new FileDelivery(files[i].SopInstanceUid, DeliveryStatus.TransientFailure, $"{files[i].FilePath}: {e.Message}");
            }
        }

        var classes = pending.Select(p => p.Header.SopClassUid).Distinct(StringComparer.Ordinal).ToList();
        bool fresh = false;
        while (pending.Count > 0)
        {
            var lease = await _pool.AcquireAsync(destination, classes, fresh, cancellationToken);
            bool broken = false;
            try
            {
                broken = await SendOverAsync(lease.Association, destination, files, pending, outcomes, cancellationToken);
            }
            finally
            {
                await _pool.ReturnAsync(lease, reusable: !broken);
            }
            // Files answered are final; unanswered ones get one more try when the association was an idle one from the pool.
            pending.RemoveAll(p => outcomes[p.Index] is not null);
            if (!broken || !lease.Reused) break;
            fresh = true;
        }
        foreach (var (index, _) in pending)
        {
            outcomes[index] ??= new FileDelivery(files[index].SopInstanceUid, DeliveryStatus.TransientFailure, $"{destination.AeTitle}: association ended before this instance was answered");
        }
        return new DeliveryResult(outcomes.Select((o, i) => o ?? new FileDelivery(files[i].SopInstanceUid, DeliveryStatus.TransientFailure, "not sent")).ToList());
    }

    public static DeliveryStatus Classify(DicomStatus status)
    {
        if (status.IsSuccess || status.IsWarning) return DeliveryStatus.Delivered;
        if ((status.Code & 0xFF00) == 0xA700 || status == DicomStatus.ResourceLimitation || status == DicomStatus.ProcessingFailure)
            return DeliveryStatus.TransientFailure;
        return DeliveryStatus.PermanentFailure;
    }

    /// <summary>Sends the pending files and waits for their responses; true when the association broke (unanswered files keep no outcome).</summary>
    private static async Task<bool> SendOverAsync(DicomAssociation association, PeerOptions destination, IReadOnlyList<OutboxFile> files,
        List<(int Index, Part10Header Header)> pending, FileDelivery?[] outcomes, CancellationToken cancellationToken)
    {
        var outstanding = new List<(int Index, Task<DicomCommand> Response)>();
        bool broken = false;
        foreach (var (index, header) in pending)
        {
            if (!association.IsOpen)
            {
                broken = true;
                break;
            }
            var context = association.FindAcceptedContext(header.SopClassUid, header.TransferSyntaxUid);
            if (context is null)
            {
                outcomes[index] = new FileDelivery(files[index].SopInstanceUid, DeliveryStatus.PermanentFailure,
                    $"{destination.AeTitle} accepted no presentation context for SOP class {header.SopClassUid}");
                continue;
            }
            try
            {
                // The file's own bytes when its transfer syntax was accepted; otherwise the toolkit re-encodes the data set.
                var data = header.OpenDataSet(files[index].FilePath, context.TransferSyntax);
                await using (data.ConfigureAwait(false))
                {
                    var response = await association.SendStoreAsync(context, header.SopClassUid, header.SopInstanceUid, data, data.Length - data.Position, cancellationToken);
                    outstanding.Add((index, response));
                }
            }
            catch (Exception e) when (e is DicomNetworkException or IOException)
            {
                broken = true;
                break;
            }
        }
        foreach (var (index, response) in outstanding)
        {
            try
            {
                var rsp = await response;
                var status = Classify(rsp.Status);
                outcomes[index] = new FileDelivery(files[index].SopInstanceUid, status,
                    status == DeliveryStatus.Delivered ? null : $"{destination.AeTitle} answered {rsp.Status}{(rsp.ErrorComment is { Length: > 0 } c ? ": " + c : "")}");
            }
            catch (Exception e) when (e is DicomNetworkException or IOException or TimeoutException)
            {
                broken = true;
            }
        }
        return broken || !association.IsOpen;
    }
}
