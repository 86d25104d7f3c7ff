using DicomAiNode.Configuration;

namespace DicomAiNode.Outbox;

/// <summary>
/// Sends result files to a destination (C-STORE SCU over one association, in the node). May throw for a failure
/// of the whole batch (connection refused, association rejected): every file then counts as a transient failure.
/// </summary>
public interface IResultSender
{
    Task<DeliveryResult> SendAsync(PeerOptions destination, IReadOnlyList<OutboxFile> files, CancellationToken cancellationToken);
}
