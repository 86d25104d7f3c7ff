using System.Globalization;
using System.Text.Json;

namespace DicomAiNode.Pipeline;

/// <summary>
/// The JSON summary <c>infer</c> writes: per series (per stack of a split series) the rule, model, files and findings
/// with measurements; what was skipped, and the series or stacks refused because they cannot form a volume.
/// </summary>
public static class InferenceSummary
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <param name="Stack">Null for a series inferred whole; for a stack of a split series, which one and why it was split.</param>
    public sealed record SeriesEntry(SeriesInferenceResult Result, string? SegmentationFile, string ReportFile, string PreviewFile, StackEntry? Stack);

    /// <summary>One stack of a split series: its number (1-based, as in its output folder's name), the count, the node's description and split reason.</summary>
    public sealed record StackEntry(int Number, int Of, string Description, string SplitReason);

    /// <summary>A series (<paramref name="Stack"/> null) or one stack of it that cannot be inferred as a volume, with the node's reason.</summary>
    public sealed record RefusedEntry(string SeriesInstanceUid, string? Stack, string Reason);

    public static string ToJson(string input, IEnumerable<SeriesEntry> series, IEnumerable<string> skipped, IEnumerable<RefusedEntry> refused)
    {
        var document = new
        {
            input,
            series = series.Select(e => new
            {
                seriesInstanceUid = e.Result.Series.SeriesInstanceUid,
                studyInstanceUid = e.Result.Series.StudyInstanceUid,
                modality = e.Result.Series.Attributes.Modality,
                seriesDescription = e.Result.Series.Attributes.SeriesDescription,
                slices = e.Result.Slices.Count,
                stack = e.Stack is { } st ? new { number = st.Number, of = st.Of, description = st.Description, splitReason = st.SplitReason } : null,
                rule = e.Result.Plan.RuleName,
                model = new { name = e.Result.Model.Name, version = e.Result.Model.Version, path = e.Result.Segmentation.ModelPath },
                executionProvider = e.Result.Segmentation.ExecutionProvider,
                elapsedMs = Math.Round(e.Result.Segmentation.Elapsed.TotalMilliseconds, 1),
                segmentation = e.SegmentationFile,
                report = e.ReportFile,
                preview = e.PreviewFile,
                findings = e.Result.Objects.Findings.Select(f => new
                {
                    number = f.Number,
                    className = f.ClassName,
                    label = f.Label,
                    trackingUid = f.TrackingUid,
                    segmentNumber = f.SegmentNumber,
                    volumeMm3 = Math.Round(f.VolumeMm3, 2),
                    longestDiameterMm = Math.Round(f.LongestDiameterMm, 2),
                    meanHu = f.MeanHu is { } hu ? Math.Round(hu, 1) : (double?)null,
                    confidence = Math.Round(f.Confidence, 4),
                    instanceNumbers = f.InstanceNumbers,
                    color = string.Create(CultureInfo.InvariantCulture, $"#{f.Color.Red:x2}{f.Color.Green:x2}{f.Color.Blue:x2}"),
                }),
            }),
            skipped,
            refused = refused.Select(r => new { seriesInstanceUid = r.SeriesInstanceUid, stack = r.Stack, reason = r.Reason }),
        };
        return JsonSerializer.Serialize(document, Json);
    }
}
