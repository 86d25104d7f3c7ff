using System.Net;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Configuration;

/// <summary>
/// Applies <c>Node:AeTitle</c> and <c>Peers</c> to an incoming association: the called AE title must be the node's,
/// the calling AE title a peer with AllowSend, and, with CheckHost, the remote address one of the peer's Host
/// (an IP address, or a name resolved at check time). AE titles compare trimmed and case-sensitively (PS3.5 6.2).
/// </summary>
public sealed class PeerAuthorization
{
    private readonly NodeOptions _options;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public PeerAuthorization(IOptions<NodeOptions> options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <param name="resolve">Host name resolution (tests pass a fixed table).</param>
    public PeerAuthorization(IOptions<NodeOptions> options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _options = options.Value;
        _resolve = resolve;
    }

    public async Task<PeerVerdict> CheckAsync(string callingAeTitle, string calledAeTitle, IPAddress? remoteAddress, CancellationToken cancellationToken)
    {
        var called = calledAeTitle.Trim();
        if (!string.Equals(called, _options.Node.AeTitle.Trim(), StringComparison.Ordinal))
            return PeerVerdict.Reject(PeerRejection.UnknownCalledAeTitle, $"called AE title '{called}' is not this node ('{_options.Node.AeTitle.Trim()}')");
        var calling = callingAeTitle.Trim();
        var peer = _options.FindPeer(calling);
        if (peer is null)
            return PeerVerdict.Reject(PeerRejection.UnknownCallingAeTitle, $"calling AE title '{calling}' is not a known peer ({_options.SourceFile}: Peers)");
        if (!peer.AllowSend)
            return PeerVerdict.Reject(PeerRejection.NotAllowedToSend, $"peer '{calling}' may not send (AllowSend is false)", peer);
        if (!peer.CheckHost)
            return PeerVerdict.Allow(peer, $"known peer '{calling}'");
        if (remoteAddress is null)
            return PeerVerdict.Reject(PeerRejection.WrongHost, $"peer '{calling}' must call from {peer.Host}; the remote address is unknown", peer);

        var remote = Normalize(remoteAddress);
        IPAddress[] allowed;
        if (IPAddress.TryParse(peer.Host, out var literal)) allowed = [literal];
        else
        {
            try
            {
                allowed = await _resolve(peer.Host, cancellationToken);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
            {
                return PeerVerdict.Reject(PeerRejection.WrongHost, $"peer '{calling}': host '{peer.Host}' cannot be resolved ({e.Message})", peer);
            }
        }
        return allowed.Select(Normalize).Contains(remote)
            ? PeerVerdict.Allow(peer, $"known peer '{calling}' from {remote}")
            : PeerVerdict.Reject(PeerRejection.WrongHost, $"peer '{calling}' must call from {peer.Host}, not from {remote}", peer);
    }

    /// <summary>IPv4 addresses arrive as ::ffff:a.b.c.d on dual-stack sockets.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
