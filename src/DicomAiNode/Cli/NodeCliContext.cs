using DicomAiNode.Configuration;

namespace DicomAiNode.Cli;

/// <summary>The node's settings as the CLI commands see them (same file and environment as <c>run</c>).</summary>
internal static class NodeCliContext
{
    public const string ConfigOption = "config";

    /// <summary>Binds the settings named by <c>--config</c> (or the default file) and reports invalid ones.</summary>
    public static NodeOptions Load(CliArguments args, out IReadOnlyList<string> problems)
    {
        var path = args.Value(ConfigOption);
        var options = NodeConfiguration.Bind(NodeConfiguration.Build(path), path);
        problems = NodeOptionsValidator.Check(options);
        return options;
    }
}
