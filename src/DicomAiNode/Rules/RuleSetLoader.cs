using DicomAiNode.Configuration;

namespace DicomAiNode.Rules;

/// <summary>Loads and validates <c>config/codes.json</c> and <c>config/rules.json</c> together.</summary>
public static class RuleSetLoader
{
    /// <summary>The rule set, or null with the problems that prevent it.</summary>
    public static (RuleSet? RuleSet, IReadOnlyList<string> Problems) Load(NodeOptions options, DateTimeOffset now)
    {
        var problems = new List<string>();
        var codesFile = options.CodesFilePath;
        var rulesFile = options.RulesFilePath;
        var codes = RulesJson.Read<CodeBook>(codesFile, problems);
        if (codes is not null) CodeBookValidator.Validate(codes, codesFile, problems);
        var document = RulesJson.Read<RulesDocument>(rulesFile, problems);
        if (document is null || codes is null) return (null, problems);
        if (document.Rules is null)
        {
            problems.Add($"{Path.GetFileName(rulesFile)}: rules: is null");
            return (null, problems);
        }
        var compiled = RuleSetValidator.Validate(document, rulesFile, options, codes, problems);
        return problems.Count == 0 ? (new RuleSet(rulesFile, compiled, codes, now), problems) : (null, problems);
    }
}
