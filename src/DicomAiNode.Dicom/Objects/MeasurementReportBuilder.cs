using System.Globalization;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// Builds a TID 1500 Measurement Report as a Comprehensive SR (PS3.3 A.35.3, SOP Class 1.2.840.10008.5.1.4.1.1.88.33):
/// language (TID 1204), the node as device observer (TID 1004), procedure reported, an image library of the source
/// images (TID 1600), and one TID 1411 volumetric group per finding referencing its SEG segment. Without findings the
/// report says so in a Qualitative Evaluations container ("No abnormality") and references no SEG.
/// </summary>
public sealed class MeasurementReportBuilder
{
    private readonly DicomDataset[] _sources;
    private readonly EquipmentIdentity _equipment;
    private readonly List<VolumetricMeasurement> _measurements = [];
    private (string SopInstanceUid, string SeriesInstanceUid)? _segmentation;

    /// <param name="sourceImages">The images the findings were measured on (one series, any order).</param>
    /// <param name="equipment">The node: device observer and equipment modules.</param>
    public MeasurementReportBuilder(IReadOnlyList<DicomDataset> sourceImages, EquipmentIdentity equipment)
    {
        if (sourceImages.Count == 0)
        {
            throw new ArgumentException("A measurement report needs at least one source image.", nameof(sourceImages));
        }
        _sources = sourceImages
            .OrderBy(s => s.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0))
            .ToArray();
        _equipment = equipment;
    }

    public string SeriesInstanceUid { get; set; } = DicomUID.Generate().UID;

    public string SopInstanceUid { get; set; } = DicomUID.Generate().UID;

    public int SeriesNumber { get; set; } = 9002;

    public int InstanceNumber { get; set; } = 1;

    public string SeriesDescription { get; set; } = "AI measurements";

    public DateTimeOffset ContentDateTime { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>(121058) Procedure reported; by modality when null (CT and MR LOINC codes, else "Imaging procedure").</summary>
    public DicomCodeItem? ProcedureReported { get; set; }

    /// <summary>The SEG whose segments the measurement groups reference (same study).</summary>
    public MeasurementReportBuilder ReferenceSegmentation(string sopInstanceUid, string seriesInstanceUid)
    {
        _segmentation = (sopInstanceUid, seriesInstanceUid);
        return this;
    }

    public MeasurementReportBuilder AddMeasurement(VolumetricMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        _measurements.Add(measurement);
        return this;
    }

    public DicomFile BuildFile() => new(Build(), DicomTransferSyntax.ExplicitVRLittleEndian);

    public DicomDataset Build()
    {
        if (_measurements.Count > 0 && _segmentation is null)
        {
            throw new InvalidOperationException("Measurements reference SEG segments: call ReferenceSegmentation first.");
        }
        var first = _sources[0];
        var ds = CommonModules.Create(first, DicomUID.ComprehensiveSRStorage.UID, SopInstanceUid, _equipment);
        string date = ContentDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string time = ContentDateTime.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);

        // SR Document Series (C.17.1)
        ds.Add(DicomTag.Modality, "SR");
        ds.Add(DicomTag.SeriesInstanceUID, SeriesInstanceUid);
        ds.Add(DicomTag.SeriesNumber, SeriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.Add(DicomTag.SeriesDescription, SeriesDescription);
        ds.Add(DicomTag.SeriesDate, date);
        ds.Add(DicomTag.SeriesTime, time);
        ds.Add(DicomTag.ReferencedPerformedProcedureStepSequence, Array.Empty<DicomDataset>());

        // SR Document General (C.17.2)
        ds.Add(DicomTag.InstanceNumber, InstanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.Add(DicomTag.ContentDate, date);
        ds.Add(DicomTag.ContentTime, time);
        ds.Add(DicomTag.InstanceCreationDate, date);
        ds.Add(DicomTag.InstanceCreationTime, time);
        ds.Add(DicomTag.CompletionFlag, "COMPLETE");
        ds.Add(DicomTag.VerificationFlag, "UNVERIFIED");
        ds.Add(DicomTag.PerformedProcedureCodeSequence, Array.Empty<DicomDataset>());
        ds.Add(DicomTag.CurrentRequestedProcedureEvidenceSequence, Evidence(first));

        // SR Document Content (C.17.3): the root container of TID 1500.
        ds.Add(DicomTag.ValueType, "CONTAINER");
        ds.Add(DicomTag.ConceptNameCodeSequence, SrCodes.ImagingMeasurementReport.ToDataset());
        ds.Add(DicomTag.ContinuityOfContent, "SEPARATE");
        ds.Add(DicomTag.ContentTemplateSequence, SrContentItem.Template("1500"));
        ds.Add(DicomTag.ContentSequence, Content(first).ToArray());
        return ds;
    }

    private IEnumerable<DicomDataset> Content(DicomDataset first)
    {
        yield return SrContentItem.Code(SrContentItem.HasConceptModifier, SrCodes.Language, SrCodes.EnglishUs);
        yield return SrContentItem.Code(SrContentItem.HasObservationContext, SrCodes.ObserverType, SrCodes.Device);
        yield return SrContentItem.UidReference(SrContentItem.HasObservationContext, SrCodes.DeviceObserverUid, _equipment.ObserverUid);
        yield return SrContentItem.Text(SrContentItem.HasObservationContext, SrCodes.DeviceObserverName, _equipment.ModelName);
        yield return SrContentItem.Text(SrContentItem.HasObservationContext, SrCodes.DeviceObserverManufacturer, _equipment.Manufacturer);
        yield return SrContentItem.Text(SrContentItem.HasObservationContext, SrCodes.DeviceObserverModelName, _equipment.ModelName);
        yield return SrContentItem.Text(SrContentItem.HasObservationContext, SrCodes.DeviceObserverSerialNumber, _equipment.DeviceSerialNumber);
        yield return SrContentItem.Code(SrContentItem.HasConceptModifier, SrCodes.ProcedureReported, ProcedureReported ?? ProcedureFor(first.GetStringOrDefault(DicomTag.Modality)));
        var images = _sources.Select(s => SrContentItem.Image(SrContentItem.Contains, null, s.GetString(DicomTag.SOPClassUID), s.GetString(DicomTag.SOPInstanceUID)));
        yield return SrContentItem.Container(SrContentItem.Contains, SrCodes.ImageLibrary, null,
            [SrContentItem.Container(SrContentItem.Contains, SrCodes.ImageLibraryGroup, null, images)]);
        if (_measurements.Count > 0)
        {
            var sourceSeries = first.GetString(DicomTag.SeriesInstanceUID);
            yield return SrContentItem.Container(SrContentItem.Contains, SrCodes.ImagingMeasurements, null,
                _measurements.Select(m => Group(m, sourceSeries)));
        }
        else
        {
            yield return SrContentItem.Container(SrContentItem.Contains, SrCodes.QualitativeEvaluations, null,
                [SrContentItem.Code(SrContentItem.Contains, SrCodes.Finding, SrCodes.NoAbnormality)]);
        }
    }

    /// <summary>TID 1411 for one finding, measurements as TID 1419 rows.</summary>
    private DicomDataset Group(VolumetricMeasurement m, string sourceSeries)
    {
        var items = new List<DicomDataset>
        {
            SrContentItem.Text(SrContentItem.HasObservationContext, SrCodes.TrackingIdentifier, m.TrackingId),
            SrContentItem.UidReference(SrContentItem.HasObservationContext, SrCodes.TrackingUniqueIdentifier, m.TrackingUid),
            SrContentItem.Code(SrContentItem.Contains, SrCodes.Finding, m.Finding),
            SrContentItem.Image(SrContentItem.Contains, SrCodes.ReferencedSegment, DicomUID.SegmentationStorage.UID, _segmentation!.Value.SopInstanceUid, m.SegmentNumber),
            SrContentItem.UidReference(SrContentItem.Contains, SrCodes.SourceSeriesForSegmentation, sourceSeries),
        };
        if (m.FindingSite is { } site)
        {
            items.Add(SrContentItem.Code(SrContentItem.HasConceptModifier, SrCodes.FindingSite, site));
        }
        items.Add(SrContentItem.Number(SrContentItem.Contains, SrCodes.Volume, m.VolumeMm3, SrCodes.CubicMillimeter,
            SrContentItem.Code(SrContentItem.HasConceptModifier, SrCodes.MeasurementMethod, SrCodes.SumOfSegmentedVoxelVolumes)));
        if (m.LongestDiameterMm is { } diameter)
        {
            items.Add(SrContentItem.Number(SrContentItem.Contains, SrCodes.LongAxis, diameter, SrCodes.Millimeter));
        }
        if (m.MeanHounsfieldUnits is { } hu)
        {
            items.Add(SrContentItem.Number(SrContentItem.Contains, SrCodes.AttenuationCoefficient, hu, SrCodes.HounsfieldUnit,
                SrContentItem.Code(SrContentItem.HasConceptModifier, SrCodes.Derivation, SrCodes.Mean)));
        }
        if (m.Confidence is { } confidence)
        {
            items.Add(SrContentItem.Number(SrContentItem.Contains, SrCodes.CertaintyOfFinding, Math.Round(confidence * 100, 2), SrCodes.Percent));
        }
        return SrContentItem.Container(SrContentItem.Contains, SrCodes.MeasurementGroup, "1411", items);
    }

    /// <summary>
    /// Hierarchical SOP Instance Reference (C.17.2.3): every instance the tree references, the source images and the
    /// SEG, or dciodvfy reports "Referenced SOP Instance is not listed" (seg-sr-facts §3).
    /// </summary>
    private DicomDataset Evidence(DicomDataset first)
    {
        var series = _sources.GroupBy(s => s.GetString(DicomTag.SeriesInstanceUID))
            .Select(g => SeriesReference(g.Key, g.Select(s => (s.GetString(DicomTag.SOPClassUID), s.GetString(DicomTag.SOPInstanceUID)))))
            .ToList();
        if (_measurements.Count > 0 && _segmentation is { } seg)
        {
            series.Add(SeriesReference(seg.SeriesInstanceUid, [(DicomUID.SegmentationStorage.UID, seg.SopInstanceUid)]));
        }
        var study = new DicomDataset(DicomEncoding.Utf8);
        study.Add(DicomTag.StudyInstanceUID, first.GetString(DicomTag.StudyInstanceUID));
        study.Add(DicomTag.ReferencedSeriesSequence, series.ToArray());
        return study;
    }

    private static DicomDataset SeriesReference(string seriesUid, IEnumerable<(string SopClass, string SopInstance)> instances)
    {
        var item = new DicomDataset(DicomEncoding.Utf8);
        item.Add(DicomTag.SeriesInstanceUID, seriesUid);
        item.Add(DicomTag.ReferencedSOPSequence, instances.Select(i =>
        {
            var reference = new DicomDataset(DicomEncoding.Utf8);
            reference.Add(DicomTag.ReferencedSOPClassUID, i.SopClass);
            reference.Add(DicomTag.ReferencedSOPInstanceUID, i.SopInstance);
            return reference;
        }).ToArray());
        return item;
    }

    private static DicomCodeItem ProcedureFor(string modality) => modality switch
    {
        "CT" => SrCodes.CtUnspecifiedBodyRegion,
        "MR" => SrCodes.MriUnspecifiedBodyRegion,
        _ => SrCodes.ImagingProcedure,
    };
}
