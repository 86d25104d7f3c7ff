using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// One transport connection carrying one association: reads PDUs and PDV fragments from a pipe over the (TLS or TCP)
/// stream, writes PDUs in single sends, and drives the PS3.8 protocol machine with every event. Not thread-safe for
/// reading; writes are serialised by a lock so that an abort never lands inside a P-DATA-TF PDU.
/// </summary>
internal sealed class UpperLayerConnection : IAsyncDisposable
{
    /// <summary>Cap on non-P-DATA PDUs (A-ASSOCIATE-RQ with many contexts and a SAML assertion stays far below).</summary>
    private const int MaxAssociationPduLength = 1 << 20;

    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _machineLock = new();
    private readonly TimeProvider _time;
    private readonly CancellationToken _shutdown;
    private readonly CancellationTokenRegistration _shutdownRegistration;
    private CancellationTokenSource _timeout;
    private long _remainingInPdu;
    private int _remainingInPdv;
    private bool _closed;

    public UpperLayerConnection(Socket? socket, Stream stream, bool isRequestor, CancellationToken shutdown, TimeProvider time)
    {
        _socket = socket;
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024));
        _shutdown = shutdown;
        _time = time;
        // The timer source runs on the given clock; shutdown cancels whichever source is current.
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _shutdownRegistration = shutdown.Register(static state => ((UpperLayerConnection)state!).CancelCurrentTimeout(), this);
        Machine = new UpperLayerStateMachine(isRequestor);
    }

    public UpperLayerStateMachine Machine { get; }

    /// <summary>The largest P-DATA-TF variable field this side announced (0 = unlimited, still capped by <see cref="HardReceiveLimit"/>).</summary>
    public uint MaxReceivePduLength { get; set; }

    /// <summary>Upper bound on any P-DATA-TF this side reads when it announced "unlimited".</summary>
    public uint HardReceiveLimit { get; set; } = 16 * 1024 * 1024;

    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The abort reason to send when an action calls for a service-provider A-ABORT.</summary>
    public AbortReason PendingAbortReason { get; set; }

    /// <summary>The PDU that led to the last <see cref="IncomingUnit"/> (for AA-3's user/provider distinction).</summary>
    public AbortPdu? ReceivedAbort { get; private set; }

    public bool Closed => _closed;

    /// <summary>Handles an event and carries out the transport effects of its action (send, ARTIM, close).</summary>
    public async ValueTask<StateTransition> FireAsync(AssociationEvent evt, Pdu? outgoing = null, bool associateRequestAcceptable = true)
    {
        StateTransition t;
        lock (_machineLock)
        {
            // The requestor's reader task and its sender both raise events; the table lookup is one critical section.
            t = Machine.Handle(evt, associateRequestAcceptable);
        }
        var e = t.Effects;
        const UpperLayerEffects sends = UpperLayerEffects.SendAssociateRequest | UpperLayerEffects.SendAssociateAccept
            | UpperLayerEffects.SendAssociateReject | UpperLayerEffects.SendReleaseRequest | UpperLayerEffects.SendReleaseResponse;
        try
        {
            if ((e & sends) != 0)
            {
                outgoing ??= e.HasFlag(UpperLayerEffects.SendReleaseRequest) ? new ReleaseRequestPdu()
                    : e.HasFlag(UpperLayerEffects.SendReleaseResponse) ? new ReleaseResponsePdu()
                    : throw new InvalidOperationException($"{t.Action} needs a PDU to send.");
                await WritePduAsync(outgoing).ConfigureAwait(false);
            }
            if (e.HasFlag(UpperLayerEffects.SendAbortAsUser))
            {
                await WritePduAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)).ConfigureAwait(false);
            }
            if (e.HasFlag(UpperLayerEffects.SendAbortAsProvider))
            {
                await WritePduAsync(new AbortPdu(AbortSource.ServiceProvider, PendingAbortReason)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away while we answered: the transport is gone (Evt17 follows on the next read).
        }
        if (e.HasFlag(UpperLayerEffects.CloseTransport))
        {
            Close();
        }
        return t;
    }

    /// <summary>
    /// Sta13: waits until the peer closes the transport (Evt17, AR-5) or ARTIM expires (Evt18, AA-2), answering
    /// whatever arrives meanwhile as the table says (AA-6 ignore, AA-7 abort).
    /// </summary>
    public async Task AwaitTransportCloseAsync()
    {
        while (Machine.State == AssociationState.Sta13 && !_closed)
        {
            try
            {
                var unit = await ReadAsync(ArtimTimeout).ConfigureAwait(false);
                if (unit.IsPdv)
                {
                    await SkipFragmentAsync(ArtimTimeout).ConfigureAwait(false);
                }
                await FireAsync(unit.Event).ConfigureAwait(false);
            }
            catch (PduDecodingException ex)
            {
                PendingAbortReason = ex.Reason;
                await FireAsync(AssociationEvent.Evt19).ConfigureAwait(false);
                _remainingInPdu = 0;
                _remainingInPdv = 0;
            }
            catch (TimeoutException)
            {
                await FireAsync(AssociationEvent.Evt18).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                await FireAsync(AssociationEvent.Evt17).ConfigureAwait(false);
                Close();
            }
        }
        Close();
    }

    /// <summary>
    /// Reads the next PDV header, or the next whole PDU when the current P-DATA-TF is exhausted.
    /// The fragment of a PDV must be consumed (<see cref="ReadFragmentAsync"/>) before the next call.
    /// </summary>
    public async ValueTask<IncomingUnit> ReadAsync(TimeSpan timeout)
    {
        if (_remainingInPdv > 0)
        {
            throw new InvalidOperationException("The previous PDV fragment was not consumed.");
        }
        bool startsPdu = false;
        if (_remainingInPdu == 0)
        {
            var header = await ReadExactAsync(Pdu.HeaderLength, timeout).ConfigureAwait(false);
            var (type, length) = PduDecoder.ReadHeader(header);
            if (type != PduType.DataTransfer)
            {
                if (length > MaxAssociationPduLength)
                {
                    throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{PduDecoder.Name(type)} PDU announces {length} bytes, above the {MaxAssociationPduLength}-byte limit for association PDUs.");
                }
                var body = await ReadExactAsync((int)length, timeout).ConfigureAwait(false);
                var pdu = PduDecoder.DecodeBody(type, body);
                ReceivedAbort = pdu as AbortPdu;
                return new IncomingUnit(pdu, 0, false, false, 0, true);
            }
            uint limit = MaxReceivePduLength == 0 ? HardReceiveLimit : Math.Min(MaxReceivePduLength, HardReceiveLimit);
            if (length > limit)
            {
                // PS3.8 Annex D.1: the peer must not exceed the maximum length this side announced.
                throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"P-DATA-TF PDU of {length} bytes exceeds the maximum length {limit} announced to the peer (PS3.8 Annex D.1).");
            }
            _remainingInPdu = length;
            startsPdu = true;
        }
        var pdvHeader = await ReadExactAsync(PresentationDataValue.HeaderLength, timeout).ConfigureAwait(false);
        var pdv = PduDecoder.ReadPresentationDataValueHeader(pdvHeader, (int)Math.Min(_remainingInPdu, int.MaxValue), out int fragmentLength);
        _remainingInPdu -= PresentationDataValue.HeaderLength + fragmentLength;
        _remainingInPdv = fragmentLength;
        return new IncomingUnit(null, pdv.PresentationContextId, pdv.IsCommand, pdv.IsLastFragment, fragmentLength, startsPdu);
    }

    public int RemainingInFragment => _remainingInPdv;

    /// <summary>Copies up to <paramref name="destination"/>.Length bytes of the current fragment; 0 when it is consumed.</summary>
    public async ValueTask<int> ReadFragmentAsync(Memory<byte> destination, TimeSpan timeout)
    {
        if (_remainingInPdv == 0 || destination.IsEmpty)
        {
            return 0;
        }
        var result = await ReadPipeAsync(timeout).ConfigureAwait(false);
        var buffer = result.Buffer;
        if (buffer.IsEmpty && result.IsCompleted)
        {
            _reader.AdvanceTo(buffer.Start);
            throw new EndOfStreamException($"Transport closed inside a PDV fragment ({_remainingInPdv} bytes missing).");
        }
        int n = (int)Math.Min(Math.Min(buffer.Length, destination.Length), _remainingInPdv);
        buffer.Slice(0, n).CopyTo(destination.Span);
        _reader.AdvanceTo(buffer.GetPosition(n));
        _remainingInPdv -= n;
        return n;
    }

    /// <summary>Appends the rest of the current fragment to <paramref name="output"/>.</summary>
    public async ValueTask ReadFragmentAsync(IBufferWriter<byte> output, TimeSpan timeout)
    {
        while (_remainingInPdv > 0)
        {
            int n = await ReadFragmentAsync(output.GetMemory(Math.Min(_remainingInPdv, 64 * 1024)), timeout).ConfigureAwait(false);
            output.Advance(n);
        }
    }

    public async ValueTask SkipFragmentAsync(TimeSpan timeout)
    {
        while (_remainingInPdv > 0)
        {
            var result = await ReadPipeAsync(timeout).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.Start);
                throw new EndOfStreamException("Transport closed inside a PDV fragment.");
            }
            int n = (int)Math.Min(buffer.Length, _remainingInPdv);
            _reader.AdvanceTo(buffer.GetPosition(n));
            _remainingInPdv -= n;
        }
    }

    public async ValueTask WritePduAsync(Pdu pdu)
    {
        var bytes = pdu.ToArray();
        // Not bound to the shutdown token: the A-ABORT that a shutdown sends must still go out; a peer that does not
        // take 10 bytes within seconds is gone anyway.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        await _writeLock.WaitAsync(bounded.Token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, bounded.Token).ConfigureAwait(false);
            await _stream.FlushAsync(bounded.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes a prepared P-DATA-TF PDU (header included) as one send, bounded by <paramref name="timeout"/>.</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> pdu, TimeSpan timeout)
    {
        await _writeLock.WaitAsync(_shutdown).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(pdu, Arm(timeout)).ConfigureAwait(false);
            Disarm();
        }
        catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
        {
            throw new TimeoutException($"Peer did not take a {pdu.Length}-byte PDU within {timeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket?.Dispose();
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _shutdownRegistration.DisposeAsync().ConfigureAwait(false);
        _timeout.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>One timer per connection, re-armed for every read or write instead of a new source per operation.</summary>
    private CancellationToken Arm(TimeSpan timeout)
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            if (_shutdown.IsCancellationRequested)
            {
                _timeout.Cancel();
            }
        }
        _timeout.CancelAfter(timeout);
        return _timeout.Token;
    }

    private void CancelCurrentTimeout()
    {
        try
        {
            _timeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection was disposed meanwhile: nothing left to wake.
        }
    }

    private void Disarm() => _timeout.CancelAfter(Timeout.InfiniteTimeSpan);

    private async ValueTask<ReadResult> ReadPipeAsync(TimeSpan timeout)
    {
        try
        {
            var result = await _reader.ReadAsync(Arm(timeout)).ConfigureAwait(false);
            Disarm();
            return result;
        }
        catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
        {
            throw new TimeoutException($"No data from the peer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    private async ValueTask<byte[]> ReadExactAsync(int count, TimeSpan timeout)
    {
        var bytes = new byte[count];
        if (count == 0)
        {
            return bytes;
        }
        try
        {
            var result = await _reader.ReadAtLeastAsync(count, Arm(timeout)).ConfigureAwait(false);
            Disarm();
            var buffer = result.Buffer;
            if (buffer.Length < count)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw new EndOfStreamException(buffer.Length == 0 ? "Transport closed by the peer." : $"Transport closed after {buffer.Length} of {count} expected bytes.");
            }
            buffer.Slice(0, count).CopyTo(bytes);
            _reader.AdvanceTo(buffer.GetPosition(count));
            return bytes;
        }
        catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete PDU from the peer within {timeout.TotalSeconds:0.#} s.");
        }
    }
}
