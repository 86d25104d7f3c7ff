using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1600–1699: health and metrics endpoint.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Health and metrics on {Url}health and {Url}metrics")]
    public static partial void StatusEndpointListening(ILogger logger, string url);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Health or metrics request failed")]
    public static partial void StatusRequestFailed(ILogger logger, Exception exception);
}
