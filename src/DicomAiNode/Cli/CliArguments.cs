namespace DicomAiNode.Cli;

/// <summary>
/// The arguments of one command: <c>--name value</c> options, <c>--flag</c> switches and positional words. Unknown
/// options and options without their value are usage errors (<see cref="CliUsageException"/>).
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; private set; } = [];

    public static CliArguments Parse(IReadOnlyList<string> args, IEnumerable<string> optionsWithValue, IEnumerable<string> flags)
    {
        var valued = optionsWithValue.ToHashSet(StringComparer.Ordinal);
        var switches = flags.ToHashSet(StringComparer.Ordinal);
        var result = new CliArguments();
        var positionals = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                positionals.Add(a);
                continue;
            }
            var name = a[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (switches.Contains(name) && inline is null) result._flags.Add(name);
            else if (valued.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CliUsageException($"--{name} needs a value"));
                result._values[name] = value;
            }
            else throw new CliUsageException($"unknown option --{name}");
        }
        result.Positionals = positionals;
        return result;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string option) => _values.GetValueOrDefault(option);
}
