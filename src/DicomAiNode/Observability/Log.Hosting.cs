using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>
/// Event IDs 1000–1099: the host. Ranges of the other components: 1100 rules, 1200 storage, 1300 study stability,
/// 1400 outbox, 1500 audit, 1600 health and metrics; 2000 ingest, 3000 pipeline, 4000 inference.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Product} {Version} starting: AE {AeTitle} on {BindAddress}:{Port}, data folder {DataFolder}")]
    public static partial void NodeStarting(ILogger logger, string product, string version, string aeTitle, string bindAddress, int port, string dataFolder);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Node stopping")]
    public static partial void NodeStopping(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Recovered after restart: {Studies} studies back to ready, {Jobs} jobs back to pending, {Deliveries} deliveries back to pending")]
    public static partial void Recovered(ILogger logger, int studies, int jobs, int deliveries);
}
