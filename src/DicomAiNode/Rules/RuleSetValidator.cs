using System.Text.RegularExpressions;

using DicomAiNode.Configuration;

namespace DicomAiNode.Rules;

/// <summary>
/// Checks a rules document against the node's peers, the code book and the file system. Every problem names the
/// file, the rule (name and index) and the field: <c>rules.json: rule 'chest-ct' (#0): destinations[1]: …</c>.
/// </summary>
public static class RuleSetValidator
{
    private static readonly HashSet<string> KnownConstraints = new(StringComparer.OrdinalIgnoreCase) { "none", "lung" };

    public static IReadOnlyList<CompiledRule> Validate(RulesDocument document, string rulesFile, NodeOptions options, CodeBook codes, List<string> problems)
    {
        var compiled = new List<CompiledRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var fileName = Path.GetFileName(rulesFile);
        for (int i = 0; i < document.Rules.Count; i++)
        {
            var rule = document.Rules[i];
            if (rule is null)
            {
                problems.Add($"{fileName}: rules[{i}]: is null");
                continue;
            }
            int before = problems.Count;
            string label = string.IsNullOrWhiteSpace(rule.Name) ? $"rule #{i}" : $"rule '{rule.Name}' (#{i})";
            void Problem(string field, string message) => problems.Add($"{fileName}: {label}: {field}: {message}");

            if (string.IsNullOrWhiteSpace(rule.Name)) Problem("name", "is required");
            else if (!names.Add(rule.Name)) Problem("name", $"'{rule.Name}' is used by an earlier rule");

            var (patterns, anyOf) = CheckMatch(rule.Match, options, Problem);
            var modelPath = CheckModel(rule.Model, options, Problem);
            CheckPrompt(rule.Prompt, options, codes, Problem);
            CheckWindows(rule.Windows, Problem);
            CheckThresholds(rule.Thresholds, Problem);
            CheckPostProcessing(rule.PostProcessing, rule.Prompt?.Classes, Problem);
            if (rule.Outputs is null) Problem("outputs", "is null");
            else if (!rule.Outputs.Seg && !rule.Outputs.Sr) Problem("outputs", "produces nothing: set seg or sr");
            else if (rule.Outputs.Sr && !rule.Outputs.Seg) Problem("outputs.sr", "the SR references the SEG's segments: set seg as well");
            CheckDestinations(rule.Destinations, options, Problem);

            if (problems.Count == before)
                compiled.Add(new CompiledRule(rule, i, modelPath!, patterns, anyOf));
        }
        return compiled;
    }

    private static (Dictionary<SeriesTextField, Regex>, Regex?) CheckMatch(SeriesCriteria? match, NodeOptions options, Action<string, string> problem)
    {
        var patterns = new Dictionary<SeriesTextField, Regex>();
        if (match is null)
        {
            problem("match", "is required");
            return (patterns, null);
        }
        void Field(SeriesTextField field, string? pattern)
        {
            if (pattern is null) return;
            var regex = TryCompile(pattern, $"match.{JsonName(field)}", problem);
            if (regex is not null) patterns[field] = regex;
        }
        if (string.IsNullOrWhiteSpace(match.Modality))
            problem("match.modality", "is required (without it a rule would also match SEG, SR and presentation states)");
        Field(SeriesTextField.Modality, match.Modality);
        Field(SeriesTextField.BodyPartExamined, match.BodyPartExamined);
        Field(SeriesTextField.StudyDescription, match.StudyDescription);
        Field(SeriesTextField.SeriesDescription, match.SeriesDescription);
        Field(SeriesTextField.ProtocolName, match.ProtocolName);

        Regex? anyOf = null;
        if (match.AnyOf is { } any)
        {
            if (any.Fields is not { Count: > 0 }) problem("match.anyOf.fields", "names no field");
            anyOf = TryCompile(any.Pattern, "match.anyOf.pattern", problem);
        }
        for (int k = 0; k < match.ImageTypeContains.Count; k++)
            if (string.IsNullOrWhiteSpace(match.ImageTypeContains[k])) problem($"match.imageTypeContains[{k}]", "is empty");
        for (int k = 0; k < match.ImageTypeExcludes.Count; k++)
            if (string.IsNullOrWhiteSpace(match.ImageTypeExcludes[k])) problem($"match.imageTypeExcludes[{k}]", "is empty");
        if (match.SliceThicknessMm is { } range)
        {
            if (range.Min is null && range.Max is null) problem("match.sliceThicknessMm", "sets neither min nor max");
            if (range.Min < 0 || range.Max < 0) problem("match.sliceThicknessMm", "must not be negative");
            if (range.Min > range.Max) problem("match.sliceThicknessMm", $"min {range.Min} is greater than max {range.Max}");
        }
        if (match.MinInstances < 1) problem("match.minInstances", $"must be at least 1 (is {match.MinInstances})");
        for (int k = 0; k < match.CallingAeTitles.Count; k++)
        {
            var ae = match.CallingAeTitles[k];
            var peer = options.FindPeer(ae ?? "");
            if (peer is null) problem($"match.callingAeTitles[{k}]", $"'{ae}' is not a peer in {options.SourceFile} (Peers)");
            else if (!peer.AllowSend) problem($"match.callingAeTitles[{k}]", $"peer '{ae}' is not allowed to send (AllowSend is false)");
        }
        return (patterns, anyOf);
    }

    private static Regex? TryCompile(string? pattern, string field, Action<string, string> problem)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            problem(field, "is an empty pattern (leave the field out to match anything)");
            return null;
        }
        try
        {
            return CompiledRule.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            problem(field, $"invalid regular expression '{pattern}': {e.Message}");
            return null;
        }
    }

    private static string? CheckModel(string? model, NodeOptions options, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            problem("model", "is required (path of an ONNX file)");
            return null;
        }
        var path = options.Resolve(model);
        if (!File.Exists(path)) problem("model", $"file '{model}' does not exist (looked for {path})");
        else if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) problem("model", $"'{model}' is not an .onnx file");
        return path;
    }

    private static void CheckPrompt(PromptSettings? prompt, NodeOptions options, CodeBook codes, Action<string, string> problem)
    {
        if (prompt is null)
        {
            problem("prompt", "is required");
            return;
        }
        if (!Enum.IsDefined(prompt.Mode)) problem("prompt.mode", "must be text, visual or promptFree");
        if (prompt.Classes is not { Count: > 0 }) problem("prompt.classes", "is missing: name the classes the rule reports");
        var classes = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < (prompt.Classes?.Count ?? 0); k++)
        {
            var c = prompt.Classes![k];
            if (string.IsNullOrWhiteSpace(c)) problem($"prompt.classes[{k}]", "is empty");
            else if (!classes.Add(c)) problem($"prompt.classes[{k}]", $"'{c}' is listed twice");
            else if (codes.Find(c) is null) problem($"prompt.classes[{k}]", $"'{c}' has no entry in the codes file (CodesPath)");
        }
        if (prompt.Mode == PromptMode.Visual && prompt.Exemplars is not { Count: > 0 })
            problem("prompt.exemplars", "visual prompts need at least one exemplar image with boxes");
        if (prompt.Mode != PromptMode.Visual && prompt.Exemplars is { Count: > 0 })
            problem("prompt.exemplars", $"exemplars are only used with mode visual (mode is {prompt.Mode})");
        for (int e = 0; e < (prompt.Exemplars?.Count ?? 0); e++)
        {
            var ex = prompt.Exemplars![e];
            string at = $"prompt.exemplars[{e}]";
            if (string.IsNullOrWhiteSpace(ex.Image)) problem($"{at}.image", "is required");
            else if (!File.Exists(options.Resolve(ex.Image))) problem($"{at}.image", $"file '{ex.Image}' does not exist");
            if (ex.Boxes is not { Count: > 0 }) problem($"{at}.boxes", "has no box");
            for (int b = 0; b < (ex.Boxes?.Count ?? 0); b++)
            {
                var box = ex.Boxes![b];
                if (box.X2 <= box.X1 || box.Y2 <= box.Y1 || box.X1 < 0 || box.Y1 < 0)
                    problem($"{at}.boxes[{b}]", $"({box.X1},{box.Y1})-({box.X2},{box.Y2}) is not a box with x1<x2, y1<y2 inside the image");
                if (!classes.Contains(box.Class)) problem($"{at}.boxes[{b}].class", $"'{box.Class}' is not one of prompt.classes");
            }
        }
    }

    private static void CheckWindows(List<WindowSetting>? windows, Action<string, string> problem)
    {
        // The model takes a three-channel image: one window is replicated, two or three fill the channels.
        if (windows is not { Count: >= 1 and <= 3 })
        {
            problem("windows", $"needs 1 to 3 windows, one per input channel (has {windows?.Count ?? 0})");
            return;
        }
        for (int k = 0; k < windows.Count; k++)
        {
            if (string.IsNullOrWhiteSpace(windows[k].Name)) problem($"windows[{k}].name", "is required");
            // PS3.3 C.11.2.1.2: Window Width shall be ≥ 1.
            if (windows[k].Width < 1) problem($"windows[{k}].width", $"must be at least 1 (is {windows[k].Width})");
        }
    }

    private static void CheckThresholds(DetectionThresholds? t, Action<string, string> problem)
    {
        if (t is null)
        {
            problem("thresholds", "is null");
            return;
        }
        if (t.Confidence is <= 0 or > 1) problem("thresholds.confidence", $"must be in (0, 1] (is {t.Confidence})");
        if (t.Iou is <= 0 or > 1) problem("thresholds.iou", $"must be in (0, 1] (is {t.Iou})");
        if (t.MaxDetections is < 1 or > 1000) problem("thresholds.maxDetections", $"must be between 1 and 1000 (is {t.MaxDetections})");
    }

    private static void CheckPostProcessing(PostProcessingSettings? p, List<string>? promptClasses, Action<string, string> problem)
    {
        if (p is null)
        {
            problem("postProcessing", "is null");
            return;
        }
        if (p.ClosingRadius is < 0 or > 20) problem("postProcessing.closingRadius", $"must be between 0 and 20 pixels (is {p.ClosingRadius})");
        if (p.MinSizeMm2 < 0) problem("postProcessing.minSizeMm2", $"must not be negative (is {p.MinSizeMm2})");
        if (p.Constraint is not null && !KnownConstraints.Contains(p.Constraint))
            problem("postProcessing.constraint", $"unknown constraint '{p.Constraint}' (known: none, lung)");
        for (int k = 0; k < (p.ConstraintClasses?.Count ?? 0); k++)
        {
            string c = p.ConstraintClasses![k];
            if (promptClasses is not null && !promptClasses.Contains(c))
                problem($"postProcessing.constraintClasses[{k}]", $"'{c}' is not one of prompt.classes");
        }
        if (p.ConstraintClasses is { Count: > 0 } && p.Constraint is null or "none")
            problem("postProcessing.constraintClasses", "names classes but no constraint is set (postProcessing.constraint)");
    }

    private static void CheckDestinations(List<string>? destinations, NodeOptions options, Action<string, string> problem)
    {
        if (destinations is not { Count: > 0 })
        {
            problem("destinations", "names no destination: results would go nowhere");
            return;
        }
        for (int k = 0; k < destinations.Count; k++)
        {
            var peer = options.FindPeer(destinations[k] ?? "");
            if (peer is null) problem($"destinations[{k}]", $"unknown peer '{destinations[k]}': not in {options.SourceFile} (Peers)");
            else if (!peer.AllowDestination) problem($"destinations[{k}]", $"peer '{destinations[k]}' has AllowDestination false");
        }
    }

    private static string JsonName(SeriesTextField field) => field switch
    {
        SeriesTextField.Modality => "modality",
        SeriesTextField.BodyPartExamined => "bodyPartExamined",
        SeriesTextField.StudyDescription => "studyDescription",
        SeriesTextField.SeriesDescription => "seriesDescription",
        _ => "protocolName",
    };
}
