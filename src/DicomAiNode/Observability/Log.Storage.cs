using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1200–1299: the embedded database.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Database {Path} ready at schema version {Version}")]
    public static partial void DatabaseReady(ILogger logger, string path, int version);
}
