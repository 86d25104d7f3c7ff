using DicomAiNode.Configuration;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Serilog;

namespace DicomAiNode.Hosting;

/// <summary>
/// Builds the node's Generic Host: configuration from <c>appsettings.json</c> (or <c>--config</c>) and environment
/// variables, Serilog, systemd integration (notify and journal when run as a systemd service), the node's services,
/// and a graceful shutdown window for in-flight work.
/// </summary>
public static class NodeHost
{
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <param name="configPath">Settings file; null means <c>appsettings.json</c> in the current directory.</param>
    /// <param name="overrides">Settings that win over file and environment (tests, command-line options).</param>
    public static HostApplicationBuilder CreateBuilder(string? configPath, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var configuration = NodeConfiguration.Build(configPath, overrides);
        var options = NodeConfiguration.Bind(configuration, configPath);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = options.BaseDirectory,
            ApplicationName = ProductInfo.Name,
        });
        // Only the node's own sources: no appsettings.{Environment}.json surprises from the content root.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((_, logger) => Observability.SerilogSetup.Configure(logger, configuration, options));
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddDicomAiNode(configuration, configPath);
        return builder;
    }
}
