using System.Diagnostics;

using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Rules;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// The node's analysis of a series with a rule: pixels through the Modality LUT to HU slices (in slice order), the
/// rule's windows, thresholds and post-processing into <see cref="YoloeSegmenter"/> on the shared model session,
/// then one binary SEG (one segment per 3D finding, coded from <c>codes.json</c>) and one TID 1500 SR, with UIDs
/// derived from (source series, rule, model) so that a re-run replaces rather than duplicates.
/// </summary>
public sealed class YoloeSeriesAnalyzer : ISeriesAnalyzer
{
    private readonly YoloeModelRegistry _models;
    private readonly NodeOptions _options;
    private readonly ILoggerFactory _loggers;

    public YoloeSeriesAnalyzer(YoloeModelRegistry models, IOptions<NodeOptions> options, ILoggerFactory loggers)
    {
        _models = models;
        _options = options.Value;
        _loggers = loggers;
    }

    public static EquipmentIdentity Equipment { get; } = new(ProductInfo.Name, "dicom-ai-node", "1", ProductInfo.Version);

    public async Task<SeriesAnalysis> AnalyzeAsync(SeriesAnalysisRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rule = request.Rule;
        var model = _models.Get(rule.ModelPath);
        var (datasets, slices) = ReadSlices(request.Series, cancellationToken);
        var definition = rule.Definition;
        var classes = definition.Prompt.Classes;
        var options = new SegmentationOptions
        {
            Channels = ChannelMapping.FromWindows(definition.Windows.Select(w => new WindowPreset(w.Center, w.Width)).ToList()),
            Decode = new DecodeOptions
            {
                Confidence = (float)definition.Thresholds.Confidence,
                Iou = (float)definition.Thresholds.Iou,
                MaxDetections = definition.Thresholds.MaxDetections,
            },
            Classes = classes,
            BatchSize = _options.Inference.BatchSize,
            PostProcessing = new PostProcessingOptions
            {
                ClosingRadius = definition.PostProcessing.ClosingRadius,
                FillHoles = definition.PostProcessing.FillHoles,
                MinAreaMm2 = definition.PostProcessing.MinSizeMm2,
                Constraints = string.Equals(definition.PostProcessing.Constraint, "lung", StringComparison.OrdinalIgnoreCase)
                    ? [AnatomicalConstraint.Lungs(classes)]
                    : [],
            },
        };
        var segmenter = new YoloeSegmenter(model, _loggers.CreateLogger<YoloeSegmenter>());
        var result = await segmenter.SegmentAsync(slices, options, cancellationToken: cancellationToken);
        var modelTime = TimeSpan.FromMilliseconds(result.Slices.Sum(s => s.Timing.ModelMs));

        string sourceSeries = request.Series.Attributes.SeriesInstanceUid;
        string modelIdentity = Path.GetFileName(model.Path);
        var files = new List<ResultFile>();
        string? segSop = null, segSeries = null;
        var findings = result.Findings;
        var segmentNumbers = new List<int>(findings.Count);
        if (definition.Outputs.Seg && findings.Count > 0)
        {
            var seg = new SegmentationBuilder(datasets, Equipment, new AlgorithmIdentity($"YOLOE {modelIdentity}", ProductInfo.Version))
            {
                SeriesInstanceUid = DerivedUids.Series(sourceSeries, rule.Name, modelIdentity, "SEG"),
                SopInstanceUid = DerivedUids.Instance(sourceSeries, rule.Name, modelIdentity, "SEG"),
                SeriesDescription = $"AI segmentation ({rule.Name})",
            };
            for (int i = 0; i < findings.Count; i++)
            {
                var finding = findings[i];
                var masks = new byte[]?[datasets.Count];
                foreach (var s in finding.Slices) masks[s.SliceIndex] = s.Mask.ToFrame();
                var coding = Coding(request.Codes, finding.ClassName);
                segmentNumbers.Add(seg.AddSegment(new SegmentDescription
                {
                    Label = $"{finding.ClassName} {i + 1}",
                    Category = coding.Category,
                    Type = coding.Type,
                    AnatomicRegion = coding.Site,
                    TrackingId = $"{rule.Name} finding {i + 1}",
                    TrackingUid = DerivedUids.Tracking(sourceSeries, rule.Name, modelIdentity, i + 1),
                }, masks));
            }
            segSop = seg.SopInstanceUid;
            segSeries = seg.SeriesInstanceUid;
            files.Add(new ResultFile(await ResultFileWriter.WriteAsync(seg.BuildFile(), request.OutputFolder, segSop, cancellationToken), segSop, "SEG"));
        }
        if (definition.Outputs.Sr)
        {
            var sr = new MeasurementReportBuilder(datasets, Equipment)
            {
                SeriesInstanceUid = DerivedUids.Series(sourceSeries, rule.Name, modelIdentity, "SR"),
                SopInstanceUid = DerivedUids.Instance(sourceSeries, rule.Name, modelIdentity, "SR"),
                SeriesDescription = $"AI measurements ({rule.Name})",
            };
            if (segSop is not null)
            {
                sr.ReferenceSegmentation(segSop, segSeries!);
                for (int i = 0; i < findings.Count; i++)
                {
                    var finding = findings[i];
                    var coding = Coding(request.Codes, finding.ClassName);
                    sr.AddMeasurement(new VolumetricMeasurement
                    {
                        TrackingId = $"{rule.Name} finding {i + 1}",
                        TrackingUid = DerivedUids.Tracking(sourceSeries, rule.Name, modelIdentity, i + 1),
                        Finding = coding.Type,
                        FindingSite = coding.Site,
                        SegmentNumber = segmentNumbers[i],
                        VolumeMm3 = finding.VolumeMm3,
                        LongestDiameterMm = finding.LongestAxialDiameterMm,
                        MeanHounsfieldUnits = string.Equals(request.Series.Attributes.Modality, "CT", StringComparison.OrdinalIgnoreCase) ? finding.MeanValue : null,
                        Confidence = finding.MeanConfidence,
                    });
                }
            }
            files.Add(new ResultFile(await ResultFileWriter.WriteAsync(sr.BuildFile(), request.OutputFolder, sr.SopInstanceUid, cancellationToken), sr.SopInstanceUid, "SR"));
        }
        clock.Stop();
        return new SeriesAnalysis(files, model.Path, result.ClassNames, slices.Count, findings.Count, modelTime, clock.Elapsed, result.ExecutionProvider);
    }

    private static (DicomCodeItem Category, DicomCodeItem Type, DicomCodeItem? Site) Coding(CodeBook codes, string className)
    {
        var coding = codes.Find(className) ?? throw new InvalidOperationException($"codes.json has no entry for class '{className}'");
        static DicomCodeItem? Item(CodedConcept? c) => c is null ? null : new DicomCodeItem(c.Value, c.Scheme, c.Meaning);
        return (Item(coding.Category) ?? throw new InvalidOperationException($"codes.json: class '{className}' has no category"),
            Item(coding.Type) ?? throw new InvalidOperationException($"codes.json: class '{className}' has no type"),
            Item(coding.Site));
    }

    /// <summary>HU slices in the order of <see cref="SeriesHeaders.OrderedInstances"/>, with their data sets (pixel data stays on disk).</summary>
    private static (List<DicomDataset> Datasets, List<Slice> Slices) ReadSlices(SeriesHeaders series, CancellationToken cancellationToken)
    {
        var datasets = new List<DicomDataset>(series.OrderedInstances.Count);
        var slices = new List<Slice>(series.OrderedInstances.Count);
        foreach (var instance in series.OrderedInstances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = DicomFile.Open(instance.Path);
            var d = file.Dataset;
            var pixels = DicomPixelData.Create(file);
            var hu = pixels.GetFrameAsFloat(0);
            var spacing = d.GetValues<double>(DicomTag.PixelSpacing);
            var iop = d.GetValues<double>(DicomTag.ImageOrientationPatient);
            var ipp = d.GetValues<double>(DicomTag.ImagePositionPatient);
            double nx = iop[1] * iop[5] - iop[2] * iop[4], ny = iop[2] * iop[3] - iop[0] * iop[5], nz = iop[0] * iop[4] - iop[1] * iop[3];
            double thickness = d.TryGetValue<double>(DicomTag.SliceThickness, out var t) && t > 0 ? t : 1.0;
            slices.Add(new Slice(hu, pixels.Info.Rows, pixels.Info.Columns, spacing[0], spacing[1], thickness, ipp[0] * nx + ipp[1] * ny + ipp[2] * nz));
            datasets.Add(d);
        }
        return (datasets, slices);
    }
}
