using System.Reflection;

namespace DicomAiNode.Cli;

/// <summary>Dispatches <c>dicom-ai-node [command] args…</c> to the <see cref="ICliCommand"/> of that name.</summary>
public sealed class CommandLine
{
    /// <summary>The command run when none is named (the node itself).</summary>
    public const string DefaultCommand = "run";

    private readonly IReadOnlyDictionary<string, ICliCommand> _commands;

    public CommandLine(IEnumerable<ICliCommand> commands)
    {
        _commands = commands.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Every concrete <see cref="ICliCommand"/> with a public parameterless constructor in this assembly.</summary>
    public static CommandLine Discover() => new(
        typeof(CommandLine).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal));

    public IEnumerable<ICliCommand> Commands => _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count > 0 && args[0] is "-h" or "--help" or "help")
        {
            PrintCommands(stdout);
            return 0;
        }
        if (args.Count > 0 && args[0] is "--version")
        {
            await stdout.WriteLineAsync(ProductInfo.VersionLine).ConfigureAwait(false);
            return 0;
        }

        string name = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : DefaultCommand;
        var rest = args.Count > 0 && !args[0].StartsWith('-') ? args.Skip(1).ToArray() : args.ToArray();
        if (!_commands.TryGetValue(name, out var command))
        {
            await stderr.WriteLineAsync($"dicom-ai-node: unknown command '{name}'.").ConfigureAwait(false);
            PrintCommands(stderr);
            return 2;
        }
        if (rest.Length > 0 && rest[0] is "-h" or "--help")
        {
            await stdout.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return 0;
        }
        return await command.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    private void PrintCommands(TextWriter writer)
    {
        writer.WriteLine($"usage: dicom-ai-node [command] [options]   (default command: {DefaultCommand})");
        writer.WriteLine();
        foreach (var c in Commands)
        {
            writer.WriteLine($"  {c.Name,-10} {c.Summary}");
        }
        writer.WriteLine();
        writer.WriteLine("dicom-ai-node COMMAND --help shows the options of one command.");
    }
}
