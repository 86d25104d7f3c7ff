namespace DicomAiNode.Rules;

/// <summary>Checks <c>config/codes.json</c>: every class has a category and a type, every code fits its DICOM attributes.</summary>
public static class CodeBookValidator
{
    // Coding schemes the node writes (PS3.16 Section 8). SRT is retired in favour of SCT and dciodvfy warns about it.
    private static readonly HashSet<string> KnownSchemes = new(StringComparer.Ordinal) { "SCT", "DCM", "LN", "UCUM", "FMA", "RADLEX", "99AINODE" };

    public static void Validate(CodeBook codes, string codesFile, List<string> problems)
    {
        var fileName = Path.GetFileName(codesFile);
        if (codes.Classes is not { Count: > 0 })
        {
            problems.Add($"{fileName}: classes: is empty");
            return;
        }
        foreach (var (name, coding) in codes.Classes)
        {
            void Problem(string field, string message) => problems.Add($"{fileName}: class '{name}': {field}: {message}");
            if (coding is null)
            {
                Problem("(entry)", "is null");
                continue;
            }
            CheckConcept(coding.Category, "category", required: true, Problem);
            CheckConcept(coding.Type, "type", required: true, Problem);
            CheckConcept(coding.Site, "site", required: false, Problem);
        }
    }

    private static void CheckConcept(CodedConcept? concept, string field, bool required, Action<string, string> problem)
    {
        if (concept is null)
        {
            if (required) problem(field, "is required (value, scheme, meaning)");
            return;
        }
        // PS3.3 8.8: CodeValue is SH (16 chars), CodeMeaning LO (64 chars).
        if (string.IsNullOrWhiteSpace(concept.Value) || concept.Value.Length > 16)
            problem($"{field}.value", $"must be 1 to 16 characters (is '{concept.Value}')");
        if (concept.Scheme == "SRT")
            problem($"{field}.scheme", "SRT is retired: use SCT (PS3.16 Section 8)");
        else if (!KnownSchemes.Contains(concept.Scheme))
            problem($"{field}.scheme", $"unknown coding scheme '{concept.Scheme}' (known: {string.Join(", ", KnownSchemes)})");
        if (string.IsNullOrWhiteSpace(concept.Meaning) || concept.Meaning.Length > 64)
            problem($"{field}.meaning", $"must be 1 to 64 characters (is '{concept.Meaning}')");
    }
}
