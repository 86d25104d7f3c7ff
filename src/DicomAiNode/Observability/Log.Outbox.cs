using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1400–1499: result delivery.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Result {SopInstanceUid} delivered to {Destination} (attempt {Attempts})")]
    public static partial void Delivered(ILogger logger, string sopInstanceUid, string destination, int attempts);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Result {SopInstanceUid} to {Destination} failed (attempt {Attempts}), next attempt at {NextAttemptAt:o}: {Error}")]
    public static partial void DeliveryRetryScheduled(ILogger logger, string sopInstanceUid, string destination, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Result {SopInstanceUid} to {Destination} dead-lettered after {Attempts} attempts: {Reason}")]
    public static partial void DeliveryDeadLettered(ILogger logger, string sopInstanceUid, string destination, int attempts, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Sending {Count} results to {Destination} ({Peer}) failed")]
    public static partial void DeliveryBatchFailed(ILogger logger, string destination, string peer, int count, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "{Count} deliveries interrupted by the previous shutdown are pending again")]
    public static partial void DeliveriesRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "Outbox pass failed; retrying")]
    public static partial void OutboxPassFailed(ILogger logger, Exception exception);
}
