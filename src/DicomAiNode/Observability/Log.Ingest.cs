using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 2000–2099: ingest (the C-STORE SCP).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "C-STORE SCP {AeTitle} listening on {BindAddress}:{Port}, spool {SpoolFolder}")]
    public static partial void ScpListening(ILogger logger, string aeTitle, string bindAddress, int port, string spoolFolder);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Association from {CallingAeTitle} at {Peer} accepted")]
    public static partial void AssociationAccepted(ILogger logger, string callingAeTitle, string peer);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Association from {CallingAeTitle} at {Peer} to {CalledAeTitle} rejected: {Reason}")]
    public static partial void AssociationRejected(ILogger logger, string callingAeTitle, string peer, string calledAeTitle, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Instance {SopInstanceUid} from {CallingAeTitle} rejected with {Status}: {Reason}")]
    public static partial void InstanceRejected(ILogger logger, string sopInstanceUid, string callingAeTitle, string status, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "{Instances} instances ({Bytes} bytes) of study {StudyInstanceUid} received from {CallingAeTitle}")]
    public static partial void InstancesReceived(ILogger logger, int instances, long bytes, string studyInstanceUid, string callingAeTitle);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "C-STORE SCP stopped")]
    public static partial void ScpStopped(ILogger logger);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Writing the audit of received instances failed; retrying")]
    public static partial void ReceptionAuditFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Spool journal restored {Restored} acknowledged instance(s) of the previous run; removed {Removed} that were never acknowledged")]
    public static partial void SpoolJournalRecovered(ILogger logger, int restored, int removed);
}
