namespace DicomAiNode.Configuration;

/// <summary>Whether a peer may open an association to send to the node, with the reason for the audit log.</summary>
public sealed record PeerVerdict(bool Allowed, PeerRejection Rejection, string Reason, PeerOptions? Peer)
{
    public static PeerVerdict Allow(PeerOptions peer, string reason) => new(true, PeerRejection.None, reason, peer);

    public static PeerVerdict Reject(PeerRejection rejection, string reason, PeerOptions? peer = null) => new(false, rejection, reason, peer);
}
