using System.Globalization;
using System.Text.Json;

namespace DicomAiNode.Pipeline;

/// <summary>The JSON summary <c>infer</c> writes: per series the rule, model, files and findings with measurements.</summary>
public static class InferenceSummary
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public sealed record SeriesEntry(SeriesInferenceResult Result, string? SegmentationFile, string ReportFile, string PreviewFile);

    public static string ToJson(string input, IEnumerable<SeriesEntry> series, IEnumerable<string> skipped)
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
        };
        return JsonSerializer.Serialize(document, Json);
    }
}
