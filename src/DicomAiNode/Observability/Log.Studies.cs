using DicomAiNode.Storage;

using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1300–1399: study stability.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Study {StudyInstanceUid} is ready: no instance for {StableAgeSeconds} s")]
    public static partial void StudyReady(ILogger logger, string studyInstanceUid, int stableAgeSeconds);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Late instance {SopInstanceUid} for study {StudyInstanceUid} (was {PreviousState}): policy {Policy}")]
    public static partial void LateInstance(ILogger logger, string studyInstanceUid, string sopInstanceUid, StudyState previousState, string policy);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Study stability check failed; retrying")]
    public static partial void StabilityCheckFailed(ILogger logger, Exception exception);
}
