using System.Globalization;
using DicomAiNode.Pipeline;
using DicomAiNode.Processing;
using DicomAiNode.Rules;
using DicomAiNode.Vision.Pipeline;

namespace DicomAiNode.Cli;

/// <summary>
/// One <c>infer</c> run over the series of its input, with the node's decisions (<see cref="StudyProcessor"/>): a
/// series that cannot be stacked is refused when a rule wants it; a mixed series is split into its stacks, each
/// matched, inferred and written on its own (<c>DIR/&lt;SeriesInstanceUID&gt;-&lt;n&gt;/</c>, n the stack's number);
/// a stack with shared positions is refused. Results of a stack carry the UIDs the node derives for that stack.
/// </summary>
internal sealed class InferRun
{
    private readonly SeriesInference _inference;
    private readonly Func<SeriesAttributes, (InferencePlan? Plan, string Reason)> _planFor;
    private readonly string _outDir;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public InferRun(SeriesInference inference, Func<SeriesAttributes, (InferencePlan? Plan, string Reason)> planFor, string outDir, TextWriter stdout, TextWriter stderr)
    {
        _inference = inference;
        _planFor = planFor;
        _outDir = outDir;
        _stdout = stdout;
        _stderr = stderr;
    }

    public List<InferenceSummary.SeriesEntry> Entries { get; } = [];

    /// <summary>Every file, series or stack not inferred, with why (refusals included).</summary>
    public List<string> Skipped { get; } = [];

    public List<InferenceSummary.RefusedEntry> Refused { get; } = [];

    /// <summary>Series or stacks whose inference failed.</summary>
    public int Failures { get; private set; }

    public async Task SeriesAsync(SeriesFiles series, CancellationToken cancellationToken)
    {
        var layout = series.Layout;
        if (layout.Problem is { } problem)
        {
            // As the node: a series no rule wants is skipped for that; one a rule wants is refused with the reason.
            var (plan, reason) = _planFor(layout.Attributes);
            if (plan is null) await SkipAsync(series.ToString(), reason);
            else await RefuseAsync(series.ToString(), new InferenceSummary.RefusedEntry(series.SeriesInstanceUid, null, problem));
            return;
        }
        if (layout.SplitReason is { } split)
        {
            await _stderr.WriteLineAsync($"{series}: split into {layout.Stacks.Count} stacks: {split}");
        }
        for (int k = 0; k < layout.Stacks.Count; k++)
        {
            var stack = layout.Stacks[k];
            // A whole series keeps the folder named by its UID; stack n of a split series gets "<UID>-<n>".
            var (name, folder, entry) = layout.SplitReason is { } why
                ? ($"series {series.SeriesInstanceUid} {stack.StackDescription}", $"{series.SeriesInstanceUid}-{k + 1}",
                    new InferenceSummary.StackEntry(k + 1, layout.Stacks.Count, stack.StackDescription!, why))
                : (series.ToString(), series.SeriesInstanceUid, null);
            var (plan, reason) = _planFor(stack.Attributes);
            if (plan is null)
            {
                await SkipAsync(name, reason);
            }
            else if (stack.GeometryProblem is { } geometry)
            {
                await RefuseAsync(name, new InferenceSummary.RefusedEntry(series.SeriesInstanceUid, stack.StackDescription, geometry));
            }
            else
            {
                await InferAsync(series.Open(stack), name, plan, folder, entry, cancellationToken);
            }
        }
    }

    private async Task InferAsync(DicomSeries series, string name, InferencePlan plan, string folder, InferenceSummary.StackEntry? stack, CancellationToken cancellationToken)
    {
        try
        {
            await _stderr.WriteLineAsync($"{name}: rule '{plan.RuleName}', model {plan.ModelPath}");
            var progress = new StderrProgress(_stderr, series.Instances.Count);
            var result = await _inference.RunAsync(series, plan, progress, cancellationToken);
            Entries.Add(await WriteAsync(Path.Combine(_outDir, folder), result, stack, cancellationToken));
            var findings = result.Objects.Findings;
            string label = stack is null ? series.SeriesInstanceUid : $"{series.SeriesInstanceUid} stack {stack.Number} of {stack.Of}";
            await _stdout.WriteLineAsync($"{label}: {findings.Count} finding(s) by rule '{plan.RuleName}' in {result.Segmentation.Elapsed.TotalSeconds:0.0} s ({result.Segmentation.ExecutionProvider})");
            foreach (var f in findings)
            {
                await _stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {f.Label} ({f.ClassName}): {f.VolumeMm3:0.#} mm³, longest diameter {f.LongestDiameterMm:0.#} mm, instances {string.Join(',', f.InstanceNumbers)}, confidence {f.Confidence:0.00}"));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or ArgumentException or InvalidOperationException or IOException
                                      or Dicom.Imaging.DicomPixelDataException or Dicom.Imaging.DicomCodecNotSupportedException or Dicom.Data.DicomDataException)
        {
            Failures++;
            Skipped.Add($"{name}: failed: {e.Message}");
            await _stderr.WriteLineAsync($"failed {name}: {e.Message}");
        }
    }

    private async Task SkipAsync(string name, string reason)
    {
        Skipped.Add($"{name}: {reason}");
        await _stderr.WriteLineAsync($"skipped {name}: {reason}");
    }

    private async Task RefuseAsync(string name, InferenceSummary.RefusedEntry refused)
    {
        Refused.Add(refused);
        Skipped.Add($"{name}: refused: {refused.Reason}");
        await _stderr.WriteLineAsync($"refused {name}: {refused.Reason}");
    }

    private static async Task<InferenceSummary.SeriesEntry> WriteAsync(string folder, SeriesInferenceResult result, InferenceSummary.StackEntry? stack,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string? segPath = null;
        var segFile = Path.Combine(folder, "seg.dcm");
        if (result.Objects.Segmentation is { } seg)
        {
            segPath = segFile;
            await seg.SaveAsync(segPath, cancellationToken: cancellationToken);
        }
        else if (File.Exists(segFile))
        {
            // A re-run that finds nothing must not leave the segmentation of an earlier run behind.
            File.Delete(segFile);
        }
        var srPath = Path.Combine(folder, "sr.dcm");
        await result.Objects.Report.SaveAsync(srPath, cancellationToken: cancellationToken);
        var previewPath = Path.Combine(folder, "preview.png");
        var png = PreviewRenderer.RenderPng(result.Slices, result.Segmentation.Findings, result.Objects.Findings, result.Plan.PreviewWindow);
        await File.WriteAllBytesAsync(previewPath, png, cancellationToken);
        return new InferenceSummary.SeriesEntry(result, segPath, srPath, previewPath, stack);
    }

    /// <summary>Progress lines on stderr at every tenth of the series (and at its end).</summary>
    private sealed class StderrProgress(TextWriter stderr, int total) : IProgress<SegmentationProgress>
    {
        private int _lastDecile = -1;

        public void Report(SegmentationProgress value)
        {
            int decile = total == 0 ? 10 : value.SlicesDone * 10 / Math.Max(1, total);
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                stderr.WriteLine($"  slices {value.SlicesDone}/{total}");
            }
        }
    }
}
