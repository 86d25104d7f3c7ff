using System.Globalization;

using DicomAiNode.Rules;

namespace DicomAiNode.Cli;

/// <summary><c>dicom-ai-node rules</c>: check the configuration files, or dry-run the rules against a folder of DICOM files.</summary>
public sealed class RulesCommand : ICliCommand
{
    private readonly ISeriesScanner? _scanner;

    /// <summary>The command as discovered by <see cref="CommandLine"/>: series are read by <see cref="DicomSeriesScanner"/>.</summary>
    public RulesCommand()
        : this(new DicomSeriesScanner())
    {
    }

    public RulesCommand(ISeriesScanner? scanner)
    {
        _scanner = scanner;
    }

    public string Name => "rules";

    public string Summary => "Check the configuration and rules (rules check) or dry-run them on a folder (rules test FOLDER)";

    public string Usage => """
        usage: dicom-ai-node rules check [--config FILE]
               dicom-ai-node rules test FOLDER [--calling-ae AE] [--config FILE]

        check: validates the settings file, config/rules.json and config/codes.json, and prints every problem with
               file, rule and field. Exit code 0 when all is valid, 1 otherwise.
        test:  reads every DICOM file under FOLDER (headers only), groups them into series and shows, for each
               series, which rules match and why the others do not. --calling-ae sets the calling AE title the
               series are assumed to come from (default: the first peer allowed to send).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CliArguments parsed;
        try
        {
            parsed = CliArguments.Parse(args, [NodeCliContext.ConfigOption, "calling-ae"], []);
            if (parsed.Positionals.Count == 0) throw new CliUsageException("say 'check' or 'test FOLDER'");
            switch (parsed.Positionals[0])
            {
                case "check" when parsed.Positionals.Count == 1:
                    return await CheckAsync(parsed, stdout);
                case "test" when parsed.Positionals.Count == 2:
                    return await TestAsync(parsed, parsed.Positionals[1], stdout, stderr, cancellationToken);
                default:
                    throw new CliUsageException($"unexpected arguments '{string.Join(' ', parsed.Positionals)}'");
            }
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"dicom-ai-node rules: {e.Message}");
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
    }

    private static async Task<int> CheckAsync(CliArguments parsed, TextWriter stdout)
    {
        var options = NodeCliContext.Load(parsed, out var settingsProblems);
        var (rules, ruleProblems) = RuleSetLoader.Load(options, DateTimeOffset.UtcNow);
        var problems = settingsProblems.Concat(ruleProblems).ToList();
        if (problems.Count == 0)
        {
            await stdout.WriteLineAsync($"ok: {options.SourceFile} valid; {rules!.Rules.Count} rules in {options.RulesFilePath}; {rules.Codes.Classes.Count} classes in {options.CodesFilePath}");
            foreach (var r in rules.Rules)
                await stdout.WriteLineAsync($"  {r}: {r.Definition.Prompt.Mode} [{string.Join(", ", r.Definition.Prompt.Classes)}] → {string.Join(", ", r.Definition.Destinations)}");
            return 0;
        }
        await stdout.WriteLineAsync($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}:");
        foreach (var p in problems) await stdout.WriteLineAsync("  " + p);
        return 1;
    }

    private async Task<int> TestAsync(CliArguments parsed, string folder, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var options = NodeCliContext.Load(parsed, out var settingsProblems);
        var (rules, ruleProblems) = RuleSetLoader.Load(options, DateTimeOffset.UtcNow);
        if (rules is null || settingsProblems.Count > 0)
        {
            await stderr.WriteLineAsync("dicom-ai-node rules: the configuration is invalid (see 'dicom-ai-node rules check'):");
            foreach (var p in settingsProblems.Concat(ruleProblems)) await stderr.WriteLineAsync("  " + p);
            return 1;
        }
        if (!Directory.Exists(folder))
        {
            await stderr.WriteLineAsync($"dicom-ai-node rules: folder '{folder}' does not exist");
            return 2;
        }
        if (_scanner is null)
        {
            await stderr.WriteLineAsync("dicom-ai-node rules: this build cannot read DICOM files (no DICOM file reader in DicomAiNode.Dicom)");
            return 2;
        }
        var callingAe = parsed.Value("calling-ae") ?? options.Peers.FirstOrDefault(p => p.AllowSend)?.AeTitle ?? "";
        var scan = await _scanner.ScanAsync(Path.GetFullPath(folder), callingAe, ct);
        foreach (var unreadable in scan.UnreadableFiles) await stdout.WriteLineAsync($"skipped: {unreadable}");
        if (scan.Series.Count == 0)
        {
            await stdout.WriteLineAsync($"no DICOM series found under {folder}");
            return 1;
        }
        int matched = 0;
        foreach (var series in scan.Series)
        {
            await stdout.WriteLineAsync();
            await stdout.WriteLineAsync($"series {series.SeriesInstanceUid} (study {series.StudyInstanceUid})");
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {series.Modality} | body part '{series.BodyPartExamined}' | study '{series.StudyDescription}' | series '{series.SeriesDescription}' | protocol '{series.ProtocolName}'"));
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  image type {string.Join('\\', series.ImageType)} | slice thickness {series.SliceThickness?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-"} mm | {series.InstanceCount} instances | calling AE {series.CallingAeTitle}"));
            var evaluations = RuleMatcher.Evaluate(rules, series);
            if (evaluations.Count == 0) await stdout.WriteLineAsync("  no rules configured");
            foreach (var e in evaluations)
            {
                await stdout.WriteLineAsync($"  {(e.IsMatch ? "MATCH   " : "no match")} {e.Rule}");
                foreach (var reason in e.Reasons) await stdout.WriteLineAsync($"             {reason}");
            }
            if (evaluations.Any(e => e.IsMatch)) matched++;
        }
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync($"{scan.Series.Count} series, {matched} matched by at least one rule");
        return 0;
    }
}
