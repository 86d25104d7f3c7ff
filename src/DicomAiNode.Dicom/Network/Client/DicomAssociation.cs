using System.Collections.Concurrent;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// An association this node requested (SCU side). Requests go out one message at a time (PS3.8 Annex E: no
/// interleaving); a reader task matches responses to requests by Message ID Being Responded To, so up to the
/// negotiated asynchronous window of requests can be outstanding. Release waits for every outstanding response.
/// </summary>
public sealed class DicomAssociation : IAsyncDisposable
{
    private readonly UpperLayerConnection _connection;
    private readonly DicomClientOptions _options;
    private readonly PDataWriter _writer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _window;
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<DicomCommand>> _pending = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private Exception? _failure;
    private int _messageId;

    internal DicomAssociation(UpperLayerConnection connection, DicomClientOptions options, AssociationInfo info)
    {
        _connection = connection;
        _options = options;
        Info = info;
        _writer = new PDataWriter(connection, info.PeerMaxPduLength, options.MaxSendPduLength);
        int window = info.MaxOperationsInvoked == 0 ? 64 : Math.Max(1, info.MaxOperationsInvoked);
        _window = new SemaphoreSlim(window, window);
        _reader = Task.Run(ReadLoopAsync);
    }

    public AssociationInfo Info { get; }

    /// <summary>Whether the association can still carry requests.</summary>
    public bool IsOpen => _failure is null && _connection.Machine.State == AssociationState.Sta6;

    /// <summary>The accepted context for a SOP class, preferring the given transfer syntax.</summary>
    public PresentationContext? FindAcceptedContext(string sopClassUid, string? preferredTransferSyntax = null)
    {
        PresentationContext? any = null;
        foreach (var pc in Info.PresentationContexts)
        {
            if (pc.IsAccepted && pc.AbstractSyntax == sopClassUid)
            {
                if (preferredTransferSyntax is null || pc.TransferSyntax == preferredTransferSyntax)
                {
                    return pc;
                }
                any ??= pc;
            }
        }
        return any;
    }

    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = FindAcceptedContext(DicomUids.Verification)
            ?? throw new DicomNetworkException($"{_options}: Verification was not accepted on this association.");
        var response = await SendAsync(context.Id, id => DicomCommand.CreateEchoRequest(id), null, 0, cancellationToken).ConfigureAwait(false);
        return (await response.ConfigureAwait(false)).Status;
    }

    /// <summary>
    /// Sends one C-STORE-RQ with <paramref name="length"/> data set bytes from <paramref name="dataSet"/>, encoded in
    /// the transfer syntax of <paramref name="context"/>. Returns once the request is sent; the task it returns
    /// completes with the response (so several requests can be outstanding within the asynchronous window).
    /// </summary>
    public Task<Task<DicomCommand>> SendStoreAsync(PresentationContext context, string sopClassUid, string sopInstanceUid, Stream dataSet, long length, CancellationToken cancellationToken = default) =>
        SendAsync(context.Id, id => DicomCommand.CreateStoreRequest(id, sopClassUid, sopInstanceUid), dataSet, length, cancellationToken);

    /// <summary>A-RELEASE: waits for outstanding responses, then AR-1 and the A-RELEASE-RP (AR-3).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (!IsOpen)
        {
            await AbortAsync().ConfigureAwait(false);
            return;
        }
        // PS3.8 facts #13: release only after every outstanding response arrived (failed ones are reported by their own tasks).
        foreach (var pending in _pending.Values.ToArray())
        {
            try
            {
                await pending.Task.WaitAsync(_options.DimseTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DicomNetworkException or TimeoutException)
            {
            }
        }
        if (!IsOpen)
        {
            await AbortAsync().ConfigureAwait(false);
            return;
        }
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _connection.FireAsync(AssociationEvent.Evt11).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
        try
        {
            await _released.Task.WaitAsync(_options.AssociationTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new DicomNetworkException($"{_options}: no A-RELEASE-RP within {_options.AssociationTimeout.TotalSeconds:0.#} s; aborted.");
        }
    }

    /// <summary>A-ABORT (Evt15, AA-1), then close.</summary>
    public async Task AbortAsync()
    {
        var state = _connection.Machine.State;
        if (state is not (AssociationState.Sta1 or AssociationState.Sta13) && !_connection.Closed)
        {
            await _connection.FireAsync(AssociationEvent.Evt15).ConfigureAwait(false);
        }
        _connection.Close();
        Fail(new DicomNetworkException($"{_options}: association aborted by this side."));
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            try
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DicomNetworkException or TimeoutException or IOException)
            {
            }
        }
        _connection.Close();
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
        _writer.Dispose();
        _sendLock.Dispose();
        _window.Dispose();
    }

    private async Task<Task<DicomCommand>> SendAsync(byte contextId, Func<ushort, DicomCommand> create, Stream? dataSet, long length, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        var tcs = new TaskCompletionSource<DicomCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id = 0;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            id = (ushort)Interlocked.Increment(ref _messageId);
            if (id == 0)
            {
                id = (ushort)Interlocked.Increment(ref _messageId);
            }
            _pending[id] = tcs;
            var command = create(id).Encode();
            await _connection.FireAsync(AssociationEvent.Evt9).ConfigureAwait(false); // DT-1
            await _writer.WriteCommandAsync(contextId, command, _options.DimseTimeout).ConfigureAwait(false);
            if (dataSet is not null)
            {
                await _writer.WriteDataSetAsync(contextId, dataSet, length, _options.DimseTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not DicomNetworkException)
        {
            _pending.TryRemove(id, out _);
            _window.Release();
            // facts #2: a message cut off mid-way poisons the association; never reuse it.
            await AbortAsync().ConfigureAwait(false);
            throw new DicomNetworkException($"{_options}: sending failed ({ex.Message}); association aborted.", ex);
        }
        finally
        {
            _sendLock.Release();
        }
        return AwaitResponseAsync(id, tcs);
    }

    private async Task<DicomCommand> AwaitResponseAsync(ushort id, TaskCompletionSource<DicomCommand> tcs)
    {
        try
        {
            return await tcs.Task.WaitAsync(_options.DimseTimeout, _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new DicomNetworkException($"{_options}: no response to message {id} within {_options.DimseTimeout.TotalSeconds:0.#} s; association aborted.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
            _window.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var assembler = new DimseMessageAssembler();
        var fragment = new System.Buffers.ArrayBufferWriter<byte>(1024);
        try
        {
            while (!_connection.Closed)
            {
                var unit = await _connection.ReadAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                if (unit.IsPdv)
                {
                    await _connection.FireAsync(AssociationEvent.Evt10).ConfigureAwait(false);
                    fragment.Clear();
                    await _connection.ReadFragmentAsync(fragment, _options.DimseTimeout).ConfigureAwait(false);
                    var message = assembler.Add(new PresentationDataValue(unit.PresentationContextId, unit.IsCommand, unit.IsLastFragment, fragment.WrittenMemory));
                    if (message is not null)
                    {
                        if (message.Command.IsRequest || !_pending.TryGetValue(message.Command.MessageIdBeingRespondedTo, out var tcs))
                        {
                            throw new DimseException($"Unexpected {message.Command.CommandField} (message {message.Command.MessageIdBeingRespondedTo}) from the SCP.");
                        }
                        if (!message.Command.Status.IsPending)
                        {
                            tcs.TrySetResult(message.Command);
                        }
                    }
                    continue;
                }
                var t = await _connection.FireAsync(unit.Event).ConfigureAwait(false);
                switch (unit.Pdu)
                {
                    case ReleaseResponsePdu when t.To == AssociationState.Sta1:
                        _released.TrySetResult();
                        Fail(new DicomNetworkException($"{_options}: association released."));
                        return;
                    case ReleaseRequestPdu when t.To is AssociationState.Sta8 or AssociationState.Sta9:
                        await _connection.FireAsync(AssociationEvent.Evt14).ConfigureAwait(false); // AR-4 or AR-9
                        if (_connection.Machine.State == AssociationState.Sta13)
                        {
                            await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
                            Fail(new DicomNetworkException($"{_options}: the SCP released the association."));
                            _released.TrySetResult();
                            return;
                        }
                        break;
                    case AbortPdu abort:
                        Fail(new DicomNetworkException($"{_options}: the peer aborted the association (source {abort.Source}, reason {abort.Reason})."));
                        return;
                    default:
                        if (_connection.Machine.State == AssociationState.Sta13)
                        {
                            Fail(new DicomNetworkException($"{_options}: unexpected {PduDecoder.Name(unit.Pdu!.Type)}; association aborted."));
                            await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
                            return;
                        }
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is PduDecodingException or DimseException)
        {
            _connection.PendingAbortReason = ex is PduDecodingException p ? p.Reason : AbortReason.UnexpectedPduParameter;
            if (_connection.Machine.State is not (AssociationState.Sta1 or AssociationState.Sta13))
            {
                await _connection.FireAsync(AssociationEvent.Evt19).ConfigureAwait(false); // AA-8
            }
            Fail(new DicomNetworkException($"{_options}: protocol violation by the peer ({ex.Message}); association aborted.", ex));
            _connection.Close();
        }
        catch (Exception ex)
        {
            if (_connection.Machine.State is not (AssociationState.Sta1 or AssociationState.Sta13) && !_connection.Closed)
            {
                await _connection.FireAsync(AssociationEvent.Evt17).ConfigureAwait(false); // AA-4
            }
            Fail(new DicomNetworkException($"{_options}: connection lost ({ex.Message}).", ex));
        }
    }

    private void Fail(Exception reason)
    {
        Interlocked.CompareExchange(ref _failure, reason, null);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(_failure!);
        }
        _released.TrySetException(_failure!);
        _ = _released.Task.Exception; // observed: a release that nobody awaits must not crash the finalizer thread
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new DicomNetworkException(_failure.Message, _failure);
        }
    }
}
