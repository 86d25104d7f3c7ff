using DicomAiNode.Hosting;
using DicomAiNode.Rules;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node run</c>: the node itself, until Ctrl+C or SIGTERM (graceful shutdown).</summary>
public sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "Run the node (the default command)";

    public string Usage => """
        usage: dicom-ai-node [run] [--config FILE]

        Starts the node with the settings of FILE (default: appsettings.json in the current directory, then
        environment variables DICOMAINODE_Section__Key) and runs until Ctrl+C or SIGTERM.
        Exit codes: 0 stopped normally, 1 failed while running, 2 invalid configuration.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? configPath;
        try
        {
            var parsed = CliArguments.Parse(args, [NodeCliContext.ConfigOption], []);
            if (parsed.Positionals.Count > 0) throw new CliUsageException($"unexpected argument '{parsed.Positionals[0]}'");
            configPath = parsed.Value(NodeCliContext.ConfigOption);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node run: {e.Message}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            var builder = NodeHost.CreateBuilder(configPath);
            builder.Services.AddNodeWorkflow();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync("dicom-ai-node: invalid configuration:");
            foreach (var failure in e.Failures) await stderr.WriteLineAsync("  " + failure);
            return 2;
        }
        catch (RulesConfigurationException e)
        {
            await stderr.WriteLineAsync("dicom-ai-node: " + e.Message);
            return 2;
        }
        catch (FileNotFoundException e)
        {
            await stderr.WriteLineAsync("dicom-ai-node: " + e.Message);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
