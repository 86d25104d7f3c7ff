using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>
/// PS3.8 §7.2.2 release collision over a real socket: the acceptor answers our A-RELEASE-RQ with its own A-RELEASE-RQ
/// (as if both crossed on the wire). The requestor must answer with A-RELEASE-RP first (Sta7 → AR-8 → Sta9 → AR-9 →
/// Sta11), then accept the acceptor's A-RELEASE-RP (AR-3) and close; the release completes without an abort.
/// </summary>
public sealed class ReleaseCollisionTests
{
    [Fact]
    public async Task Requestor_resolves_a_release_collision_by_answering_first_then_closing_on_the_acceptors_RP()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
            CalledAETitle = "RAWSCP",
            AssociationTimeout = TimeSpan.FromSeconds(10),
        });
        var associating = client.AssociateAsync([new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);

        using var peer = await listener.AcceptTcpClientAsync();
        var stream = peer.GetStream();
        var rq = Assert.IsType<AssociateRequestPdu>(await ReadPduAsync(stream));
        await stream.WriteAsync(new AssociateAcceptPdu
        {
            CalledAETitle = rq.CalledAETitle,
            CallingAETitle = rq.CallingAETitle,
            PresentationContexts = [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, DicomUids.ImplicitVRLittleEndian)],
            UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2.3.4" },
        }.ToArray());
        var association = await associating;

        var releasing = association.ReleaseAsync();
        Assert.IsType<ReleaseRequestPdu>(await ReadPduAsync(stream));
        // Collision: instead of answering, the acceptor sends its own A-RELEASE-RQ (it "crossed" ours).
        await stream.WriteAsync(new ReleaseRequestPdu().ToArray());
        // AR-8, then AR-9: the requestor answers first.
        Assert.IsType<ReleaseResponsePdu>(await ReadPduAsync(stream));
        Assert.False(releasing.IsCompleted);
        // The acceptor's answer (Sta12 AR-4 on its side) lets the requestor finish (Sta11, Evt13 → AR-3).
        await stream.WriteAsync(new ReleaseResponsePdu().ToArray());
        await releasing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(association.IsOpen);
        // AR-3 closes the transport: the acceptor sees end of stream.
        Assert.Null(await ReadPduAsync(stream));
    }

    private static async Task<Pdu?> ReadPduAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var header = new byte[6];
        if (await stream.ReadAtLeastAsync(header, 6, throwOnEndOfStream: false, timeout.Token) < 6)
        {
            return null;
        }
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body, timeout.Token);
        return PduDecoder.DecodeBody((PduType)header[0], body);
    }
}
