using Microsoft.Extensions.Configuration;

namespace DicomAiNode.Configuration;

/// <summary>
/// Reads the node's configuration the same way for the host and for the CLI commands: the settings file
/// (<c>appsettings.json</c> in the current directory unless another is named; missing means built-in defaults),
/// then environment variables <c>DICOMAINODE_Section__Key</c>, then command-line overrides.
/// </summary>
public static class NodeConfiguration
{
    public const string DefaultFileName = "appsettings.json";
    public const string EnvironmentPrefix = "DICOMAINODE_";

    /// <summary>Settings file named by <c>--config</c>, or the default in the current directory.</summary>
    public static string SettingsPath(string? configPath) =>
        Path.GetFullPath(configPath ?? DefaultFileName, Directory.GetCurrentDirectory());

    /// <summary>Builds the configuration; a named file that does not exist is an error, the default one may be absent.</summary>
    public static IConfigurationRoot Build(string? configPath, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var path = SettingsPath(configPath);
        if (configPath is not null && !File.Exists(path))
            throw new FileNotFoundException($"configuration file '{path}' does not exist", path);
        return new ConfigurationBuilder()
            .AddJsonFile(path, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(overrides ?? [])
            .Build();
    }

    /// <summary>Binds <see cref="NodeOptions"/> and sets its base directory to the folder of the settings file.</summary>
    public static NodeOptions Bind(IConfiguration configuration, string? configPath)
    {
        var options = new NodeOptions();
        Configure(options, configuration, configPath);
        return options;
    }

    /// <summary>The binding used both here and by the host's options pipeline.</summary>
    public static void Configure(NodeOptions options, IConfiguration configuration, string? configPath)
    {
        configuration.Bind(options);
        var path = SettingsPath(configPath);
        options.BaseDirectory = Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
        options.SourceFile = File.Exists(path) ? Path.GetFileName(path) : $"{Path.GetFileName(path)} (absent: built-in defaults)";
    }
}
