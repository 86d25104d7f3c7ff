using System.Buffers;
using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Sends DIMSE messages as P-DATA-TF PDUs, one PDV per PDU (some peers reject several, fo-dicom #502), each PDU at
/// most the <b>peer's</b> maximum length (PS3.8 Annex D.1; 0 = unlimited, then <paramref name="sendCap"/>), fragments of
/// even length (PS3.8 Annex E), command and data set in separate PDVs. One pooled buffer per association; a file's
/// bytes are read straight into it behind the 12 header bytes, so sending copies each byte once. When the peer's limit
/// is small (dcmtk's storescp announces 16 KiB), consecutive PDUs of one data set are laid out back to back and handed
/// to the transport in one send of up to <see cref="CoalescedSendLength"/> bytes: the PDUs on the wire are the same,
/// the system calls are a sixteenth.
/// </summary>
internal sealed class PDataWriter : IDisposable
{
    /// <summary>Bytes handed to the transport in one send when several PDUs fit.</summary>
    public const int CoalescedSendLength = 256 * 1024;
    private const int Headers = Pdu.HeaderLength + PresentationDataValue.HeaderLength;
    private readonly UpperLayerConnection _connection;
    private readonly int _maxFragment;
    private readonly int _pdusPerSend;
    private byte[] _buffer;

    public PDataWriter(UpperLayerConnection connection, uint peerMaxPduLength, int sendCap)
    {
        _connection = connection;
        long limit = peerMaxPduLength == 0 ? sendCap : Math.Min(peerMaxPduLength, (uint)sendCap);
        // PS3.8 §9.3.5: the limit counts the PDV item header (6 bytes) but not the PDU header.
        _maxFragment = (int)Math.Max(2, (limit - PresentationDataValue.HeaderLength) & ~1L);
        _pdusPerSend = Math.Max(1, CoalescedSendLength / (Headers + _maxFragment));
        _buffer = ArrayPool<byte>.Shared.Rent(_pdusPerSend * (Headers + _maxFragment));
    }

    public int MaxFragmentLength => _maxFragment;

    public async ValueTask WriteCommandAsync(byte contextId, ReadOnlyMemory<byte> command, TimeSpan timeout) =>
        await WriteFragmentsAsync(contextId, isCommand: true, command, timeout).ConfigureAwait(false);

    public async ValueTask WriteDataSetAsync(byte contextId, ReadOnlyMemory<byte> dataSet, TimeSpan timeout) =>
        await WriteFragmentsAsync(contextId, isCommand: false, dataSet, timeout).ConfigureAwait(false);

    /// <summary>Streams <paramref name="length"/> bytes of <paramref name="source"/> as data set fragments.</summary>
    public async ValueTask WriteDataSetAsync(byte contextId, Stream source, long length, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long remaining = length;
        do
        {
            int used = 0;
            for (int pdu = 0; pdu < _pdusPerSend && (remaining > 0 || used == 0); pdu++)
            {
                int n = (int)Math.Min(remaining, _maxFragment);
                int read = await source.ReadAtLeastAsync(_buffer.AsMemory(used + Headers, n), n, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < n)
                {
                    throw new EndOfStreamException($"Data set source ended {remaining - read} bytes early.");
                }
                remaining -= n;
                WriteHeaders(_buffer.AsSpan(used), contextId, isCommand: false, isLast: remaining == 0, n);
                used += Headers + n;
            }
            await _connection.WriteRawAsync(_buffer.AsMemory(0, used), timeout).ConfigureAwait(false);
        }
        while (remaining > 0);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask WriteFragmentsAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> payload, TimeSpan timeout)
    {
        int offset = 0;
        do
        {
            int n = Math.Min(payload.Length - offset, _maxFragment);
            payload.Span.Slice(offset, n).CopyTo(_buffer.AsSpan(Headers));
            offset += n;
            WriteHeaders(_buffer, contextId, isCommand, offset == payload.Length, n);
            await _connection.WriteRawAsync(_buffer.AsMemory(0, Headers + n), timeout).ConfigureAwait(false);
        }
        while (offset < payload.Length);
    }

    private static void WriteHeaders(Span<byte> span, byte contextId, bool isCommand, bool isLast, int fragmentLength)
    {
        span[0] = (byte)PduType.DataTransfer;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], (uint)(PresentationDataValue.HeaderLength + fragmentLength));
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], (uint)(fragmentLength + 2));
        span[10] = contextId;
        span[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
    }
}
