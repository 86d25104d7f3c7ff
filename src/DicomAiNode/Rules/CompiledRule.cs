using System.Text.RegularExpressions;

namespace DicomAiNode.Rules;

/// <summary>A validated rule with its regular expressions compiled and its paths resolved.</summary>
public sealed class CompiledRule
{
    /// <summary>Matching work per value is bounded: attribute values come from peers.</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    internal CompiledRule(ProtocolRule definition, int index, string modelPath, IReadOnlyDictionary<SeriesTextField, Regex> fieldPatterns, Regex? anyOf)
    {
        Definition = definition;
        Index = index;
        ModelPath = modelPath;
        FieldPatterns = fieldPatterns;
        AnyOfPattern = anyOf;
    }

    public ProtocolRule Definition { get; }

    /// <summary>Position in the file, counted from 0.</summary>
    public int Index { get; }

    public string Name => Definition.Name;

    /// <summary>Absolute path of the model file.</summary>
    public string ModelPath { get; }

    internal IReadOnlyDictionary<SeriesTextField, Regex> FieldPatterns { get; }

    internal Regex? AnyOfPattern { get; }

    internal static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    public override string ToString() => $"rule '{Name}' (#{Index})";
}
