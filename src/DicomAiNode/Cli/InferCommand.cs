using System.Globalization;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Pipeline;
using DicomAiNode.Rules;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Cli;

/// <summary>
/// <c>dicom-ai-node infer INPUT --out DIR</c>: runs the rules (or an ad-hoc model) on the series of a folder offline
/// and writes, per series (per stack of a mixed series, split as the node splits it), the DICOM SEG and TID 1500 SR,
/// a preview PNG, and a JSON summary of all findings.
/// </summary>
public sealed class InferCommand : ICliCommand
{
    public string Name => "infer";

    public string Summary => "Run the models on a folder of DICOM files offline: SEG, SR, preview PNG and JSON summary";

    public string Usage => """
        usage: dicom-ai-node infer INPUT --out DIR [--rule NAME | --model PATH --classes a,b] [--confidence X] [--config FILE]

        INPUT      a DICOM file or a folder (read recursively); files are grouped into series by SeriesInstanceUID
                   and sorted into stacks as the node does: images of one orientation, pixel spacing and size form
                   a stack ordered along the slice normal. A mixed series is split into such stacks, each inferred
                   on its own; a series with multi-frame images or without geometry, or a stack whose images share
                   a position, is refused with the reason (stderr and summary.json) and skipped.
        --out DIR  per series DIR/<SeriesInstanceUID>/seg.dcm (only when something was found), sr.dcm and
                   preview.png; for a split series one folder per stack, DIR/<SeriesInstanceUID>-<n>/, n = 1, 2 …
                   in the order of each stack's first file by path. DIR/summary.json lists every series (stack,
                   split reason) and finding, what was skipped and what was refused.
        --rule     apply this rule of config/rules.json to every image series; without it each series gets the
                   first rule that matches it (series no rule matches are listed with the reasons and skipped).
        --model, --classes
                   ad-hoc: this ONNX model with these classes (codes from config/codes.json where known), the
                   model's own windows, no anatomical constraint.
        --confidence  overrides the rule's confidence threshold.
        Progress goes to stderr. Exit code 0 when every series that was attempted succeeded and at least one ran,
        1 otherwise, 2 for usage errors.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CliArguments parsed;
        try
        {
            parsed = CliArguments.Parse(args, [NodeCliContext.ConfigOption, "out", "rule", "model", "classes", "confidence"], []);
            if (parsed.Positionals.Count != 1) throw new CliUsageException("give exactly one INPUT file or folder");
            if (parsed.Value("out") is null) throw new CliUsageException("--out DIR is required");
            if (parsed.Value("rule") is not null && parsed.Value("model") is not null) throw new CliUsageException("--rule and --model exclude each other");
            if (parsed.Value("classes") is not null && parsed.Value("model") is null) throw new CliUsageException("--classes goes with --model");
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node infer: {e.Message}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        double? confidence = null;
        if (parsed.Value("confidence") is { } c)
        {
            if (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v is <= 0 or >= 1)
            {
                await stderr.WriteLineAsync($"dicom-ai-node infer: --confidence '{c}' is not a number between 0 and 1");
                return 2;
            }
            confidence = v;
        }

        var input = parsed.Positionals[0];
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            await stderr.WriteLineAsync($"dicom-ai-node infer: {input}: no such file or folder");
            return 1;
        }
        var options = NodeCliContext.Load(parsed, out _);
        var (rules, problems) = parsed.Value("model") is null ? RuleSetLoader.Load(options, DateTimeOffset.UtcNow) : CodesOnly(options);
        if (rules is null)
        {
            await stderr.WriteLineAsync($"dicom-ai-node infer: the rules or codes are invalid:\n  {string.Join("\n  ", problems)}");
            return 1;
        }

        var selector = await RuleSelector.CreateAsync(parsed, rules, options, confidence, stderr);
        if (selector is null)
        {
            return 1;
        }

        var (series, unreadable) = DicomSeriesLoader.Load(input, cancellationToken);
        if (unreadable.Count > 0)
        {
            await stderr.WriteLineAsync($"skipped {unreadable.Count} file(s): not readable DICOM, or a second copy of an instance (first: {unreadable[0]}); summary.json lists them");
        }
        if (series.Count == 0)
        {
            await stderr.WriteLineAsync($"dicom-ai-node infer: no image series under {input}");
            return 1;
        }

        var outDir = Path.GetFullPath(parsed.Value("out")!);
        Directory.CreateDirectory(outDir);
        var equipment = new EquipmentIdentity(ProductInfo.Name, "dicom-ai-node", options.Node.AeTitle, ProductInfo.Version);
        using var registry = new YoloeModelRegistry(new YoloeModelLoader(new Vision.Model.InferenceOptions
        {
            UseCuda = options.Inference.UseCuda,
            IntraOpThreads = options.Inference.IntraOpThreads,
            AllowSpinning = options.Inference.AllowSpinning,
        }));
        var run = new InferRun(new SeriesInference(registry, new ResultObjectsBuilder(rules.Codes, equipment)), selector.PlanFor, outDir, stdout, stderr);
        run.Skipped.AddRange(unreadable);
        foreach (var s in series)
        {
            await run.SeriesAsync(s, cancellationToken);
        }
        var summary = Path.Combine(outDir, "summary.json");
        await File.WriteAllTextAsync(summary, InferenceSummary.ToJson(Path.GetFullPath(input), run.Entries, run.Skipped, run.Refused), cancellationToken);
        await stdout.WriteLineAsync($"summary: {summary}");
        return run.Entries.Count > 0 && run.Failures == 0 ? 0 : 1;
    }

    /// <summary>An ad-hoc model needs only the code book, not valid rules (their models may not be installed).</summary>
    private static (RuleSet? Rules, IReadOnlyList<string> Problems) CodesOnly(NodeOptions options)
    {
        var problems = new List<string>();
        var codes = RulesJson.Read<CodeBook>(options.CodesFilePath, problems);
        if (codes is not null) CodeBookValidator.Validate(codes, options.CodesFilePath, problems);
        return codes is not null && problems.Count == 0 ? (new RuleSet(options.RulesFilePath, [], codes, DateTimeOffset.UtcNow), problems) : (null, problems);
    }

    /// <summary>Chooses the plan for each series: the named rule, the first matching rule, or the ad-hoc model.</summary>
    private sealed class RuleSelector
    {
        private readonly RuleSet _rules;
        private readonly CompiledRule? _forced;
        private readonly InferencePlan? _adHoc;
        private readonly int _batch;
        private readonly double? _confidence;

        private RuleSelector(RuleSet rules, CompiledRule? forced, InferencePlan? adHoc, int batch, double? confidence)
        {
            _rules = rules;
            _forced = forced;
            _adHoc = adHoc;
            _batch = batch;
            _confidence = confidence;
        }

        public static async Task<RuleSelector?> CreateAsync(CliArguments parsed, RuleSet rules, NodeOptions options, double? confidence, TextWriter stderr)
        {
            int batch = Math.Max(1, options.Inference.BatchSize);
            if (parsed.Value("rule") is { } name)
            {
                var rule = rules.Rules.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
                if (rule is null)
                {
                    await stderr.WriteLineAsync($"dicom-ai-node infer: no rule '{name}' in {rules.RulesFile} (rules: {string.Join(", ", rules.Rules.Select(r => r.Name))})");
                    return null;
                }
                return new RuleSelector(rules, rule, null, batch, confidence);
            }
            if (parsed.Value("model") is { } model)
            {
                var path = Path.GetFullPath(model);
                if (!File.Exists(path))
                {
                    await stderr.WriteLineAsync($"dicom-ai-node infer: model file not found: {path}");
                    return null;
                }
                var classes = parsed.Value("classes")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() ?? [];
                var rule = new ProtocolRule { Name = "ad-hoc", Model = path, Prompt = new PromptSettings { Classes = classes } };
                rule.PostProcessing.Constraint = null;
                if (confidence is { } c) rule.Thresholds.Confidence = c;
                return new RuleSelector(rules, null, new InferencePlan("ad-hoc", path, RuleSegmentationOptions.From(rule, batch), WindowPreset.Lung), batch, confidence);
            }
            return new RuleSelector(rules, null, null, batch, confidence);
        }

        /// <summary>The plan for a series (or one stack of it), or null with the reason no rule applies.</summary>
        public (InferencePlan? Plan, string Reason) PlanFor(SeriesAttributes series)
        {
            if (_adHoc is not null)
            {
                return (_adHoc, "");
            }
            var rule = _forced;
            if (rule is null)
            {
                var evaluations = RuleMatcher.Evaluate(_rules, series);
                rule = evaluations.FirstOrDefault(e => e.IsMatch)?.Rule;
                if (rule is null)
                {
                    return (null, "no rule matches (" + string.Join("; ", evaluations.Select(e => $"{e.Rule.Name}: {string.Join(", ", e.Reasons)}")) + ")");
                }
            }
            var definition = rule.Definition;
            var options = RuleSegmentationOptions.From(definition, _batch);
            if (_confidence is { } c)
            {
                options = options with { Decode = options.Decode with { Confidence = (float)c } };
            }
            var window = definition.Windows.Count > 0 ? new WindowPreset(definition.Windows[0].Center, definition.Windows[0].Width) : WindowPreset.Lung;
            return (new InferencePlan(rule.Name, rule.ModelPath, options, window), "");
        }
    }
}
