using System.Net;

using DicomAiNode.Configuration;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Configuration;

public class PeerAuthorizationTests
{
    private static readonly NodeOptions Options = new()
    {
        Peers =
        [
            new PeerOptions { AeTitle = "MODALITY", Host = "10.0.0.5" },
            new PeerOptions { AeTitle = "PACS", Host = "10.0.0.7", AllowSend = true, CheckHost = true, AllowDestination = true, Port = 104 },
            new PeerOptions { AeTitle = "NAMED", Host = "pacs.example", AllowSend = true, CheckHost = true },
            new PeerOptions { AeTitle = "SINK", Host = "10.0.0.9", AllowSend = false, AllowDestination = true, Port = 104 },
        ],
    };

    private static readonly PeerAuthorization Authorization = new(MsOptions.Create(Options),
        (host, _) => host == "pacs.example" ? Task.FromResult(new[] { IPAddress.Parse("10.0.0.8") }) : throw new System.Net.Sockets.SocketException(11001));

    [Fact]
    public async Task Known_peer_is_allowed_with_padded_AE_titles()
    {
        var verdict = await Authorization.CheckAsync("MODALITY  ", " AINODE", IPAddress.Parse("192.168.1.1"), CancellationToken.None);
        Assert.True(verdict.Allowed, verdict.Reason);
        Assert.Equal("MODALITY", verdict.Peer?.AeTitle);
    }

    [Theory]
    [InlineData("ROGUE", "AINODE", "10.0.0.5", PeerRejection.UnknownCallingAeTitle, "calling AE title 'ROGUE' is not a known peer")]
    [InlineData("MODALITY", "OTHER", "10.0.0.5", PeerRejection.UnknownCalledAeTitle, "called AE title 'OTHER' is not this node")]
    [InlineData("SINK", "AINODE", "10.0.0.9", PeerRejection.NotAllowedToSend, "peer 'SINK' may not send")]
    [InlineData("PACS", "AINODE", "10.0.0.99", PeerRejection.WrongHost, "peer 'PACS' must call from 10.0.0.7, not from 10.0.0.99")]
    [InlineData("modality", "AINODE", "10.0.0.5", PeerRejection.UnknownCallingAeTitle, "'modality' is not a known peer")]
    public async Task Rejects_with_a_reason_naming_the_peer(string calling, string called, string remote, PeerRejection rejection, string reason)
    {
        var verdict = await Authorization.CheckAsync(calling, called, IPAddress.Parse(remote), CancellationToken.None);
        Assert.False(verdict.Allowed);
        Assert.Equal(rejection, verdict.Rejection);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_check_accepts_IPv4_mapped_addresses_and_resolved_names()
    {
        Assert.True((await Authorization.CheckAsync("PACS", "AINODE", IPAddress.Parse("::ffff:10.0.0.7"), CancellationToken.None)).Allowed);
        Assert.True((await Authorization.CheckAsync("NAMED", "AINODE", IPAddress.Parse("10.0.0.8"), CancellationToken.None)).Allowed);
        Assert.False((await Authorization.CheckAsync("NAMED", "AINODE", IPAddress.Parse("10.0.0.7"), CancellationToken.None)).Allowed);
    }
}
