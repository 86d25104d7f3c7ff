using System.Net;
using Microsoft.Extensions.Logging;

namespace DicomAiNode.Dicom.Network;

/// <summary>Source-generated log messages of the network layer; event IDs 3000–3099.</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(3000, LogLevel.Information, "DICOM server listening on {EndPoint} (TLS: {Tls})")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, bool tls);

    [LoggerMessage(3001, LogLevel.Information, "Association {Id} {Calling} → {Called} from {Remote} accepted: {Accepted}/{Proposed} contexts, peer max PDU {MaxPdu}")]
    public static partial void Accepted(ILogger logger, long id, string calling, string called, EndPoint? remote, int accepted, int proposed, uint maxPdu);

    [LoggerMessage(3002, LogLevel.Warning, "Association {Id} {Calling} → {Called} from {Remote} rejected ({Result}, {Source}, reason {Reason}): {Why}")]
    public static partial void Rejected(ILogger logger, long id, string calling, string called, EndPoint? remote, AssociateRejectResult result, AssociateRejectSource source, byte reason, string? why);

    [LoggerMessage(3003, LogLevel.Information, "Association {Id} released")]
    public static partial void Released(ILogger logger, long id);

    [LoggerMessage(3004, LogLevel.Warning, "Association {Id} aborted by the peer (source {Source}, reason {Reason})")]
    public static partial void AbortedByPeer(ILogger logger, long id, AbortSource source, AbortReason reason);

    [LoggerMessage(3005, LogLevel.Warning, "Association {Id} from {Remote}: protocol violation ({Message}); aborting")]
    public static partial void ProtocolViolation(ILogger logger, long id, EndPoint? remote, string message);

    [LoggerMessage(3006, LogLevel.Warning, "Association {Id} from {Remote}: aborting ({Why})")]
    public static partial void LocalAbort(ILogger logger, long id, EndPoint? remote, string why);

    [LoggerMessage(3007, LogLevel.Warning, "Association {Id} from {Remote}: transport closed by the peer in {State}")]
    public static partial void TransportClosed(ILogger logger, long id, EndPoint? remote, AssociationState state);

    [LoggerMessage(3008, LogLevel.Error, "Association {Id} from {Remote}: unexpected failure; aborting")]
    public static partial void Failure(ILogger logger, Exception exception, long id, EndPoint? remote);

    [LoggerMessage(3009, LogLevel.Error, "Association {Id}: C-STORE handler failed for {SopInstance}")]
    public static partial void StoreHandlerFailed(ILogger logger, Exception exception, long id, string? sopInstance);

    [LoggerMessage(3010, LogLevel.Warning, "Connection {Id} from {Remote}: TLS handshake failed ({Message})")]
    public static partial void TlsFailed(ILogger logger, long id, EndPoint? remote, string message);

    [LoggerMessage(3011, LogLevel.Debug, "Association {Id}: {Command} → {Status}")]
    public static partial void Served(ILogger logger, long id, DimseCommandField command, DicomStatus status);
}
