using System.Globalization;

using DicomAiNode.Configuration;

using Microsoft.Extensions.Configuration;

using Serilog;
using Serilog.Formatting.Compact;

namespace DicomAiNode.Observability;

/// <summary>
/// The application log: levels from the <c>Serilog</c> section of the configuration, a human-readable console and a
/// structured JSON file per day under <c>DATA/logs</c> (event IDs included). The audit log is separate.
/// </summary>
public static class SerilogSetup
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, NodeOptions options) =>
        logger
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(options.LogFolderPath, "node-.json"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14);
}
