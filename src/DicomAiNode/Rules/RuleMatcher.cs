using System.Globalization;
using System.Text.RegularExpressions;

namespace DicomAiNode.Rules;

/// <summary>Decides which rules apply to a series, and says why each one does or does not.</summary>
public static class RuleMatcher
{
    /// <summary>One evaluation per rule, in file order.</summary>
    public static IReadOnlyList<RuleEvaluation> Evaluate(RuleSet rules, SeriesAttributes series) =>
        rules.Rules.Select(r => Evaluate(r, series)).ToList();

    /// <summary>The rules that apply to <paramref name="series"/>.</summary>
    public static IReadOnlyList<CompiledRule> Matching(RuleSet rules, SeriesAttributes series) =>
        Evaluate(rules, series).Where(e => e.IsMatch).Select(e => e.Rule).ToList();

    public static RuleEvaluation Evaluate(CompiledRule rule, SeriesAttributes series)
    {
        var failed = new List<string>();
        var passed = new List<string>();
        var match = rule.Definition.Match;
        if (!rule.Definition.Enabled) failed.Add("rule is disabled");

        foreach (var (field, regex) in rule.FieldPatterns)
        {
            var value = series.Get(field);
            if (IsMatch(regex, value)) passed.Add($"{field} '{value}' matches /{regex}/");
            else failed.Add(value.Length == 0 ? $"{field} is empty, rule wants /{regex}/" : $"{field} '{value}' does not match /{regex}/");
        }

        if (match.AnyOf is { } any && rule.AnyOfPattern is { } anyRegex)
        {
            var hits = any.Fields.Where(f => IsMatch(anyRegex, series.Get(f))).ToList();
            if (hits.Count > 0)
                passed.Add($"{hits[0]} '{series.Get(hits[0])}' matches /{anyRegex}/");
            else
                failed.Add($"none of {string.Join(", ", any.Fields.Select(f => $"{f} '{series.Get(f)}'"))} matches /{anyRegex}/");
        }

        foreach (var wanted in match.ImageTypeContains)
        {
            if (HasImageType(series, wanted)) passed.Add($"ImageType has {wanted}");
            else failed.Add($"ImageType [{string.Join('\\', series.ImageType)}] lacks {wanted}");
        }
        foreach (var unwanted in match.ImageTypeExcludes)
        {
            if (HasImageType(series, unwanted)) failed.Add($"ImageType [{string.Join('\\', series.ImageType)}] has excluded {unwanted}");
        }

        if (match.SliceThicknessMm is { } range)
        {
            if (series.SliceThickness is not { } thickness) failed.Add($"SliceThickness is absent, rule wants {range} mm");
            else if (!range.Contains(thickness)) failed.Add($"SliceThickness {Format(thickness)} mm is outside {range} mm");
            else passed.Add($"SliceThickness {Format(thickness)} mm is inside {range} mm");
        }

        if (series.InstanceCount < match.MinInstances)
            failed.Add($"{series.InstanceCount} instances, rule wants at least {match.MinInstances}");

        if (match.CallingAeTitles.Count > 0)
        {
            var calling = series.CallingAeTitle.Trim();
            if (match.CallingAeTitles.Any(a => string.Equals(a.Trim(), calling, StringComparison.Ordinal)))
                passed.Add($"calling AE '{calling}' is allowed");
            else
                failed.Add($"calling AE '{calling}' is not one of {string.Join(", ", match.CallingAeTitles)}");
        }

        return failed.Count == 0
            ? new RuleEvaluation(rule, true, passed)
            : new RuleEvaluation(rule, false, failed);
    }

    private static bool IsMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value that makes the pattern run away does not match; the rule author sees it in 'rules test'.
            return false;
        }
    }

    private static bool HasImageType(SeriesAttributes series, string value) =>
        series.ImageType.Any(v => string.Equals(v.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
