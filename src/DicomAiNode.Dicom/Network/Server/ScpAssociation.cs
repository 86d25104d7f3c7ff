using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The acceptor side of one association, from transport accept to transport close, driven through the PS3.8 state
/// machine: Sta2 (await A-ASSOCIATE-RQ under ARTIM) → Sta3 (policy, negotiation) → Sta6 (DIMSE) → release or abort → Sta13 → Sta1.
/// </summary>
internal sealed class ScpAssociation
{
    private readonly DicomServerOptions _options;
    private readonly IAssociationPolicy _policy;
    private readonly ICStoreHandler _store;
    private readonly ICEchoHandler _echo;
    private readonly ILogger _log;
    private readonly long _id;
    private readonly EndPoint? _remote;
    private readonly bool _atCapacity;
    private readonly bool _secure;
    private readonly CancellationToken _abort;
    private readonly UpperLayerConnection _connection;
    private AssociationInfo? _info;

    public ScpAssociation(DicomServerOptions options, IAssociationPolicy policy, ICStoreHandler store, ICEchoHandler echo, ILogger log,
        long id, Socket? socket, Stream stream, EndPoint? remote, bool secure, bool atCapacity, CancellationToken abort)
    {
        _options = options;
        _policy = policy;
        _store = store;
        _echo = echo;
        _log = log;
        _id = id;
        _remote = remote;
        _secure = secure;
        _atCapacity = atCapacity;
        _abort = abort;
        _connection = new UpperLayerConnection(socket, stream, isRequestor: false, abort, options.TimeProvider)
        {
            MaxReceivePduLength = options.MaxPduLength,
            ArtimTimeout = options.ArtimTimeout,
        };
    }

    public AssociationState State => _connection.Machine.State;

    public async Task RunAsync()
    {
        await using var connection = _connection;
        try
        {
            await connection.FireAsync(AssociationEvent.Evt5).ConfigureAwait(false); // AE-5: ARTIM runs while we wait for the RQ
            if (await EstablishAsync().ConfigureAwait(false))
            {
                await ServeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException && _abort.IsCancellationRequested)
        {
            await LocalAbortAsync("server stopping").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NetworkLog.Failure(_log, ex, _id, _remote);
            await LocalAbortAsync("internal error").ConfigureAwait(false);
        }
        finally
        {
            connection.Close();
        }
    }

    private async Task<bool> EstablishAsync()
    {
        IncomingUnit unit;
        try
        {
            unit = await _connection.ReadAsync(_options.ArtimTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (await OnReadFailureAsync(ex).ConfigureAwait(false))
            {
                return false;
            }
            throw;
        }
        if (unit.Pdu is not AssociateRequestPdu rq)
        {
            NetworkLog.ProtocolViolation(_log, _id, _remote, $"expected A-ASSOCIATE-RQ, got {(unit.IsPdv ? "P-DATA-TF" : PduDecoder.Name(unit.Pdu!.Type))}");
            if (unit.IsPdv)
            {
                await _connection.SkipFragmentAsync(_options.ArtimTimeout).ConfigureAwait(false);
            }
            await _connection.FireAsync(unit.Event).ConfigureAwait(false); // AA-1 (or AA-2 for an A-ABORT)
            await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
            return false;
        }

        // AE-6: provider-level checks (PS3.8 §9.3.2: protocol version bit 0; PS3.8 Table 9-21 source 3 for overload).
        AssociateRejectPdu? providerReject = null;
        if ((rq.ProtocolVersion & 1) == 0)
        {
            providerReject = new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported);
        }
        else if (_atCapacity)
        {
            providerReject = new AssociateRejectPdu(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded);
        }
        if (providerReject is not null)
        {
            NetworkLog.Rejected(_log, _id, rq.CallingAETitle, rq.CalledAETitle, _remote, providerReject.Result, providerReject.Source, (byte)providerReject.Reason, "service-provider rejection");
            await _connection.FireAsync(AssociationEvent.Evt6, providerReject, associateRequestAcceptable: false).ConfigureAwait(false);
            await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
            return false;
        }
        await _connection.FireAsync(AssociationEvent.Evt6).ConfigureAwait(false); // Sta3

        var decision = rq.ApplicationContextName != AssociateRequestPdu.DicomApplicationContextName
            ? AssociationDecision.Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNameNotSupported, $"application context '{rq.ApplicationContextName}' is not DICOM's")
            : await _policy.EvaluateAsync(new AssociationRequestInfo(rq.CallingAETitle, rq.CalledAETitle, _remote, rq, _secure), _abort).ConfigureAwait(false);
        if (!decision.Accept)
        {
            NetworkLog.Rejected(_log, _id, rq.CallingAETitle, rq.CalledAETitle, _remote, decision.Result, decision.Source, (byte)decision.Reason, decision.Explanation);
            await _connection.FireAsync(AssociationEvent.Evt8, new AssociateRejectPdu(decision.Result, decision.Source, decision.Reason)).ConfigureAwait(false);
            await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
            return false;
        }

        var (accept, contexts, maxOperations) = AcceptorNegotiation.Negotiate(rq, _options);
        _info = new AssociationInfo
        {
            Id = _id,
            CallingAETitle = rq.CallingAETitle,
            CalledAETitle = rq.CalledAETitle,
            RemoteEndPoint = _remote,
            PresentationContexts = contexts,
            PeerMaxPduLength = rq.UserInformation.MaxPduLength,
            PeerImplementationClassUid = rq.UserInformation.ImplementationClassUid,
            PeerImplementationVersionName = rq.UserInformation.ImplementationVersionName,
            MaxOperationsInvoked = maxOperations,
            UserIdentity = rq.UserInformation.UserIdentity,
            IsSecure = _secure,
        };
        await _connection.FireAsync(AssociationEvent.Evt7, accept).ConfigureAwait(false); // AE-7 → Sta6
        NetworkLog.Accepted(_log, _id, rq.CallingAETitle, rq.CalledAETitle, _remote, contexts.Count(c => c.IsAccepted), contexts.Count, rq.UserInformation.MaxPduLength);
        return true;
    }

    private async Task ServeAsync()
    {
        using var writer = new PDataWriter(_connection, _info!.PeerMaxPduLength, _options.MaxSendPduLength);
        var command = new ArrayBufferWriter<byte>(512);
        while (_connection.Machine.State == AssociationState.Sta6)
        {
            IncomingUnit unit;
            try
            {
                unit = await _connection.ReadAsync(_options.IdleTimeout).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (await OnReadFailureAsync(ex).ConfigureAwait(false))
                {
                    return;
                }
                throw;
            }
            if (!unit.IsPdv)
            {
                await OnAssociationPduAsync(unit).ConfigureAwait(false);
                return;
            }
            await _connection.FireAsync(AssociationEvent.Evt10).ConfigureAwait(false); // DT-2
            try
            {
                await ServeMessageAsync(unit, command, writer).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (await OnReadFailureAsync(ex).ConfigureAwait(false))
                {
                    return;
                }
                throw;
            }
        }
    }

    private async Task ServeMessageAsync(IncomingUnit first, ArrayBufferWriter<byte> commandBuffer, PDataWriter writer)
    {
        // Command fragments: one context, command bit set, last bit on the final one (PS3.8 Annex E).
        commandBuffer.Clear();
        var unit = first;
        byte contextId = first.PresentationContextId;
        var context = _info!.FindContext(contextId);
        if (context is not { IsAccepted: true })
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"PDV on presentation context {contextId}, which was not accepted on this association.");
        }
        while (true)
        {
            if (!unit.IsCommand)
            {
                throw new DimseException($"Data set fragment on context {contextId} without a preceding command (PS3.7 §6.3.1).");
            }
            if (unit.PresentationContextId != contextId)
            {
                throw new DimseException($"Command fragment on context {unit.PresentationContextId} interleaves a command on context {contextId}.");
            }
            if (commandBuffer.WrittenCount + unit.FragmentLength > _options.MaxCommandLength)
            {
                throw new DimseException($"Command set exceeds {_options.MaxCommandLength} bytes without a last fragment.");
            }
            await _connection.ReadFragmentAsync(commandBuffer, _options.DimseTimeout).ConfigureAwait(false);
            if (unit.IsLastFragment)
            {
                break;
            }
            unit = await _connection.ReadAsync(_options.DimseTimeout).ConfigureAwait(false);
            if (!unit.IsPdv)
            {
                throw new DimseException($"{PduDecoder.Name(unit.Pdu!.Type)} arrived in the middle of a command set.");
            }
        }
        var command = DicomCommand.Decode(commandBuffer.WrittenSpan);

        DataSetStream? dataSet = command.HasDataSet
            ? new DataSetStream(_connection, contextId, _options.DimseTimeout, _options.MaxDataSetLength)
            : null;
        DimseResponse response;
        switch (command.CommandField)
        {
            case DimseCommandField.CEchoRequest:
                response = await _echo.OnCEchoAsync(_info, _abort).ConfigureAwait(false);
                break;
            case DimseCommandField.CStoreRequest when dataSet is not null:
                response = await StoreAsync(command, context, dataSet).ConfigureAwait(false);
                break;
            case DimseCommandField.CCancelRequest:
                return; // PS3.7 §9.3.2.3: no response to C-CANCEL
            default:
                response = new DimseResponse(DicomStatus.UnrecognizedOperation, $"{command.CommandField} is not supported by this SCP");
                break;
        }
        if (dataSet is not null)
        {
            await dataSet.DrainAsync().ConfigureAwait(false);
            if (dataSet.Interruption is { } interruption)
            {
                await OnAssociationPduAsync(interruption).ConfigureAwait(false);
                throw new OperationCanceledException("association ended inside a data set");
            }
            if (dataSet.Failure is { } failure)
            {
                throw failure;
            }
        }
        if (!command.IsRequest)
        {
            throw new DimseException($"Unexpected {command.CommandField}: this SCP invoked no operation.");
        }
        var rsp = DicomCommand.CreateResponse(command, response.Status, response.ErrorComment);
        await _connection.FireAsync(AssociationEvent.Evt9).ConfigureAwait(false); // DT-1
        await writer.WriteCommandAsync(contextId, rsp.Encode(), _options.DimseTimeout).ConfigureAwait(false);
    }

    private async Task<DimseResponse> StoreAsync(DicomCommand command, PresentationContext context, DataSetStream dataSet)
    {
        if (command.AffectedSopClassUid != context.AbstractSyntax)
        {
            return new DimseResponse(DicomStatus.SopClassNotSupported,
                $"SOP class {command.AffectedSopClassUid} was sent on presentation context {context.Id}, negotiated for {context.AbstractSyntax}");
        }
        if (string.IsNullOrEmpty(command.AffectedSopInstanceUid))
        {
            return new DimseResponse(DicomStatus.MistypedArgument, "C-STORE-RQ lacks Affected SOP Instance UID (0000,1000)");
        }
        try
        {
            return await _store.OnCStoreAsync(new CStoreRequest(command, context.TransferSyntax, _info!), dataSet, _abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (dataSet.Failure is null && ex is not OperationCanceledException)
        {
            NetworkLog.StoreHandlerFailed(_log, ex, _id, command.AffectedSopInstanceUid);
            return new DimseResponse(DicomStatus.ProcessingFailure, ex.Message);
        }
        catch (Exception) when (dataSet.Failure is not null)
        {
            return DicomStatus.ProcessingFailure; // the association itself failed; handled by the caller
        }
    }

    /// <summary>A-RELEASE-RQ, A-ABORT or an unexpected association PDU while the association is established.</summary>
    private async Task OnAssociationPduAsync(IncomingUnit unit)
    {
        switch (unit.Pdu)
        {
            case ReleaseRequestPdu:
                await _connection.FireAsync(AssociationEvent.Evt12).ConfigureAwait(false); // AR-2 → Sta8
                await _connection.FireAsync(AssociationEvent.Evt14).ConfigureAwait(false); // AR-4: A-RELEASE-RP, ARTIM → Sta13
                NetworkLog.Released(_log, _id);
                break;
            case AbortPdu abort:
                await _connection.FireAsync(AssociationEvent.Evt16).ConfigureAwait(false); // AA-3
                NetworkLog.AbortedByPeer(_log, _id, abort.Source, abort.Reason);
                return;
            default:
                _connection.PendingAbortReason = AbortReason.UnexpectedPdu;
                await _connection.FireAsync(unit.Event).ConfigureAwait(false); // AA-8
                NetworkLog.ProtocolViolation(_log, _id, _remote, $"unexpected {PduDecoder.Name(unit.Pdu!.Type)}");
                break;
        }
        await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
    }

    /// <summary>Maps a read failure to its event (PS3.8 Table 9-10); returns true (the association is over).</summary>
    private async Task<bool> OnReadFailureAsync(Exception ex)
    {
        switch (ex)
        {
            case OperationCanceledException when _abort.IsCancellationRequested:
                await LocalAbortAsync("server stopping").ConfigureAwait(false);
                break;
            case OperationCanceledException:
                break; // already handled (an interruption inside a data set)
            case PduDecodingException pduError:
                NetworkLog.ProtocolViolation(_log, _id, _remote, pduError.Message);
                _connection.PendingAbortReason = pduError.Reason;
                await _connection.FireAsync(AssociationEvent.Evt19).ConfigureAwait(false);
                await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
                break;
            case DimseException dimseError:
                NetworkLog.ProtocolViolation(_log, _id, _remote, dimseError.Message);
                _connection.PendingAbortReason = AbortReason.UnexpectedPduParameter;
                await _connection.FireAsync(AssociationEvent.Evt19).ConfigureAwait(false);
                await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
                break;
            case TimeoutException timeout when _connection.Machine.State == AssociationState.Sta2:
                NetworkLog.LocalAbort(_log, _id, _remote, $"ARTIM expired: {timeout.Message}");
                await _connection.FireAsync(AssociationEvent.Evt18).ConfigureAwait(false); // AA-2
                break;
            case TimeoutException timeout:
                await LocalAbortAsync(timeout.Message).ConfigureAwait(false);
                break;
            case IOException { InnerException: { } inner } when inner is not SocketException:
                return await OnReadFailureAsync(inner).ConfigureAwait(false);
            case EndOfStreamException or IOException or SocketException or ObjectDisposedException:
                NetworkLog.TransportClosed(_log, _id, _remote, _connection.Machine.State);
                if (_connection.Machine.State != AssociationState.Sta1)
                {
                    await _connection.FireAsync(AssociationEvent.Evt17).ConfigureAwait(false); // AA-4 / AA-5
                }
                break;
            default:
                return false;
        }
        return true;
    }

    /// <summary>Evt15, A-ABORT request primitive from this side (timeout, shutdown): AA-1, then a short wait for the close.</summary>
    private async Task LocalAbortAsync(string why)
    {
        var state = _connection.Machine.State;
        if (_connection.Closed || state is AssociationState.Sta1 or AssociationState.Sta13)
        {
            return;
        }
        NetworkLog.LocalAbort(_log, _id, _remote, why);
        if (state == AssociationState.Sta2)
        {
            await _connection.FireAsync(AssociationEvent.Evt18).ConfigureAwait(false); // nothing negotiated yet: AA-2 close
            return;
        }
        await _connection.FireAsync(AssociationEvent.Evt15).ConfigureAwait(false);
        _connection.ArtimTimeout = TimeSpan.FromSeconds(Math.Min(2, _options.ArtimTimeout.TotalSeconds));
        await _connection.AwaitTransportCloseAsync().ConfigureAwait(false);
    }
}
