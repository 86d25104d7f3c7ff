using System.Net;

using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Observability;

using Microsoft.Extensions.Logging;

namespace DicomAiNode.Ingest;

/// <summary>
/// Admission of incoming associations: the peers of the configuration (<see cref="PeerAuthorization"/>) and the
/// disk watermark (a transient reject while the data folder is short of space). Every decision is audited with
/// calling and called AE title and the peer's address.
/// </summary>
public sealed class NodeAssociationPolicy : IAssociationPolicy
{
    private readonly PeerAuthorization _peers;
    private readonly DiskSpaceGuard _disk;
    private readonly AuditLog _audit;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<NodeAssociationPolicy> _logger;

    public NodeAssociationPolicy(PeerAuthorization peers, DiskSpaceGuard disk, AuditLog audit, NodeMetrics metrics, ILogger<NodeAssociationPolicy> logger)
    {
        _peers = peers;
        _disk = disk;
        _audit = audit;
        _metrics = metrics;
        _logger = logger;
    }

    public async ValueTask<AssociationDecision> EvaluateAsync(AssociationRequestInfo request, CancellationToken cancellationToken)
    {
        string calling = request.CallingAETitle.Trim();
        string called = request.CalledAETitle.Trim();
        string peer = request.RemoteEndPoint?.ToString() ?? "unknown";
        var verdict = await _peers.CheckAsync(calling, called, (request.RemoteEndPoint as IPEndPoint)?.Address, cancellationToken);
        AssociationDecision decision;
        string reason = verdict.Reason;
        if (!verdict.Allowed)
        {
            decision = verdict.Rejection switch
            {
                PeerRejection.UnknownCalledAeTitle => AssociationDecision.UnknownCalledAETitle(called) with { Explanation = reason },
                _ => AssociationDecision.UnknownCallingAETitle(calling) with { Explanation = reason },
            };
        }
        else if (!_disk.HasRoom(out long free))
        {
            reason = $"only {free} MB free in the data folder (Disk:MinFreeMegabytes {_disk.MinFreeMegabytes})";
            decision = AssociationDecision.TemporaryCongestion(reason);
        }
        else
        {
            _metrics.Associations.Inc("accepted");
            Log.AssociationAccepted(_logger, calling, peer);
            await _audit.WriteAsync(AuditEvents.AssociationAccepted(calling, called, peer), cancellationToken);
            return AssociationDecision.Accepted;
        }
        _metrics.Associations.Inc("rejected");
        Log.AssociationRejected(_logger, calling, peer, called, reason);
        await _audit.WriteAsync(AuditEvents.AssociationRejected(calling, called, peer, reason), cancellationToken);
        return decision;
    }
}
