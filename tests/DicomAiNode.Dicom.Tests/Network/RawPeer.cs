using System.Buffers.Binary;
using System.Net.Sockets;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>A hand-driven TCP peer that sends arbitrary bytes and reads whole PDUs, for protocol-violation tests.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };
    private NetworkStream _stream = null!;

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var peer = new RawPeer();
        await peer._client.ConnectAsync("127.0.0.1", port);
        peer._stream = peer._client.GetStream();
        return peer;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Sends an A-ASSOCIATE-RQ for Verification and CT Image Storage and expects the A-ASSOCIATE-AC.</summary>
    public async Task<AssociateAcceptPdu> AssociateAsync()
    {
        await SendAsync(new AssociateRequestPdu
        {
            CalledAETitle = "NODE",
            CallingAETitle = "RAW",
            PresentationContexts =
            [
                new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
                new ProposedPresentationContext(3, "1.2.840.10008.5.1.4.1.1.2", [DicomUids.ExplicitVRLittleEndian]),
            ],
            UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2.3.4" },
        }.ToArray());
        var pdu = await ReadPduAsync(TimeSpan.FromSeconds(10));
        return Assert.IsType<AssociateAcceptPdu>(pdu);
    }

    /// <summary>The next PDU, or null when the peer closed the connection.</summary>
    public async Task<Pdu?> ReadPduAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var header = new byte[6];
        try
        {
            if (await _stream.ReadAtLeastAsync(header, 6, throwOnEndOfStream: false, cts.Token) < 6)
            {
                return null;
            }
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await _stream.ReadExactlyAsync(body, cts.Token);
            return PduDecoder.DecodeBody((PduType)header[0], body);
        }
        catch (IOException)
        {
            return null; // connection reset
        }
    }

    /// <summary>Reads until the server closes the connection; returns how long that took.</summary>
    /// <summary>True once the server closed the connection (everything it still sent is read and dropped), false after <paramref name="timeout"/>.</summary>
    public async Task<bool> TryWaitForCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    public async Task<TimeSpan> WaitForCloseAsync(TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server kept the connection open for more than {timeout.TotalSeconds} s");
        }
        return DateTime.UtcNow - started;
    }

    public static byte[] PData(byte contextId, byte control, byte[] fragment, int? pduLength = null, int? pdvLength = null)
    {
        var pdu = new byte[12 + fragment.Length];
        pdu[0] = 4;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(pduLength ?? 6 + fragment.Length));
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(pdvLength ?? 2 + fragment.Length));
        pdu[10] = contextId;
        pdu[11] = control;
        fragment.CopyTo(pdu, 12);
        return pdu;
    }

    public void Dispose() => _client.Dispose();
}
