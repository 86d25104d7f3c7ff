using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Rules;
using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Pipeline;

/// <summary>
/// Maps the findings of a series to a DICOM SEG (one segment per finding) and a TID 1500 SR (one group per finding),
/// with codes from <c>config/codes.json</c> and UIDs derived from (source series, rule, model) so that a re-run
/// replaces the earlier objects.
/// </summary>
public sealed class ResultObjectsBuilder
{
    /// <summary>Display colours by class index (sRGB); also used for preview outlines.</summary>
    private static readonly (byte, byte, byte)[] Palette =
    [
        (255, 64, 64), (64, 200, 255), (255, 200, 0), (80, 220, 80), (220, 90, 255), (255, 140, 40), (0, 220, 190), (250, 120, 190),
    ];

    /// <summary>Used for classes missing from the code book (ad-hoc <c>--classes</c>): PS3.16 CID 7150/7151 generic codes.</summary>
    private static readonly ClassCoding Uncoded = new()
    {
        Category = new CodedConcept { Value = "49755003", Scheme = "SCT", Meaning = "Morphologically Abnormal Structure" },
        Type = new CodedConcept { Value = "52988006", Scheme = "SCT", Meaning = "Lesion" },
    };

    private readonly CodeBook _codes;
    private readonly EquipmentIdentity _equipment;
    private readonly TimeProvider _time;

    public ResultObjectsBuilder(CodeBook codes, EquipmentIdentity equipment, TimeProvider? time = null)
    {
        _codes = codes;
        _equipment = equipment;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="series">The source series (sorted as the slices given to the segmenter).</param>
    /// <param name="findings">The findings; slice indexes refer to <paramref name="series"/>' instances.</param>
    /// <param name="ruleName">The rule (or "ad-hoc") for UIDs and descriptions.</param>
    /// <param name="model">The model's name and version (for UIDs and the algorithm identification).</param>
    public ResultObjects Build(DicomSeries series, IReadOnlyList<Finding3D> findings, string ruleName, AlgorithmIdentity model)
    {
        var sources = series.Datasets;
        var now = _time.GetUtcNow();
        string modelIdentity = $"{model.Name}@{model.Version}";
        bool isCt = series.Attributes.Modality == "CT";
        var records = new List<FindingRecord>();

        var report = new MeasurementReportBuilder(sources, _equipment)
        {
            SeriesInstanceUid = DerivedUids.Series(series.DerivationSource, ruleName, modelIdentity, "SR"),
            SopInstanceUid = DerivedUids.Instance(series.DerivationSource, ruleName, modelIdentity, "SR"),
            SeriesDescription = Truncate($"AI {ruleName} report", 64),
            ContentDateTime = now,
        };
        if (findings.Count == 0)
        {
            return new ResultObjects(null, report.BuildFile(), records);
        }

        var seg = new SegmentationBuilder(sources, _equipment, model)
        {
            SeriesInstanceUid = DerivedUids.Series(series.DerivationSource, ruleName, modelIdentity, "SEG"),
            SopInstanceUid = DerivedUids.Instance(series.DerivationSource, ruleName, modelIdentity, "SEG"),
            SeriesDescription = Truncate($"AI {ruleName} segmentation", 64),
            ContentDescription = Truncate($"{model.Name} {model.Version}", 64),
            ContentDateTime = now,
        };
        report.ReferenceSegmentation(seg.SopInstanceUid, seg.SeriesInstanceUid);

        int pixels = sources[0].GetValue<int>(DicomTag.Rows) * sources[0].GetValue<int>(DicomTag.Columns);
        for (int n = 0; n < findings.Count; n++)
        {
            var finding = findings[n];
            var coding = _codes.Find(finding.ClassName) ?? Uncoded;
            var type = Code(coding.Type ?? Uncoded.Type!);
            var site = coding.Site is { } s ? Code(s) : null;
            var color = Palette[Math.Abs(finding.ClassId) % Palette.Length];
            // Coded classes are labelled by their type ("Nodule 3"); classes the code book lacks keep their own name.
            string label = SegmentLabel($"{(ReferenceEquals(coding, Uncoded) ? finding.ClassName : type.Meaning)} {n + 1}");
            string trackingUid = DerivedUids.Tracking(series.DerivationSource, ruleName, modelIdentity, n + 1);

            var masks = new byte[]?[sources.Count];
            foreach (var slice in finding.Slices)
            {
                var frame = slice.Mask.ToFrame();
                if (frame.Length != pixels)
                {
                    throw new InvalidOperationException($"{series}: finding {n + 1} has a {slice.Mask.FrameRows}×{slice.Mask.FrameColumns} mask on slice {slice.SliceIndex}; the images have {pixels} pixels.");
                }
                if (masks[slice.SliceIndex] is { } existing)
                {
                    for (int p = 0; p < pixels; p++)
                    {
                        existing[p] |= frame[p];
                    }
                }
                else
                {
                    masks[slice.SliceIndex] = frame;
                }
            }
            int segment = seg.AddSegment(new SegmentDescription
            {
                Label = label,
                Category = Code(coding.Category ?? Uncoded.Category!),
                Type = type,
                AnatomicRegion = site,
                TrackingId = label,
                TrackingUid = trackingUid,
                Color = CieLabColor.FromRgb(color.Item1, color.Item2, color.Item3),
            }, masks);
            double confidence = finding.MaxConfidence;
            double? meanHu = isCt ? finding.MeanValue : null;
            report.AddMeasurement(new VolumetricMeasurement
            {
                TrackingId = label,
                TrackingUid = trackingUid,
                Finding = type,
                FindingSite = site,
                SegmentNumber = segment,
                VolumeMm3 = finding.VolumeMm3,
                LongestDiameterMm = finding.LongestAxialDiameterMm,
                MeanHounsfieldUnits = meanHu,
                Confidence = confidence,
            });
            records.Add(new FindingRecord(n + 1, finding.ClassName, label, trackingUid, segment, finding.VolumeMm3, finding.LongestAxialDiameterMm,
                meanHu, confidence, finding.FirstSliceIndex, finding.LastSliceIndex,
                finding.Slices.Select(x => sources[x.SliceIndex].GetSingleValueOrDefault(DicomTag.InstanceNumber, x.SliceIndex + 1)).Distinct().Order().ToList(), color));
        }
        return new ResultObjects(seg.BuildFile(), report.BuildFile(), records);
    }

    private static DicomCodeItem Code(CodedConcept c) => new(c.Value, c.Scheme, c.Meaning);

    /// <summary>Segment Label is LO (PS3.5 6.2): at most 64 characters, no backslash (the value delimiter) or control characters.</summary>
    private static string SegmentLabel(string text)
    {
        var clean = new string(text.Select(ch => ch == '\\' ? '/' : char.IsControl(ch) ? ' ' : ch).ToArray());
        return Truncate(clean, 64);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
