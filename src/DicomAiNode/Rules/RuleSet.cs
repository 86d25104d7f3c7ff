namespace DicomAiNode.Rules;

/// <summary>The validated rules and codes in force, with the files they came from.</summary>
public sealed class RuleSet
{
    public RuleSet(string rulesFile, IReadOnlyList<CompiledRule> rules, CodeBook codes, DateTimeOffset loadedAt)
    {
        RulesFile = rulesFile;
        Rules = rules;
        Codes = codes;
        LoadedAt = loadedAt;
    }

    public string RulesFile { get; }

    public IReadOnlyList<CompiledRule> Rules { get; }

    public CodeBook Codes { get; }

    public DateTimeOffset LoadedAt { get; }
}
