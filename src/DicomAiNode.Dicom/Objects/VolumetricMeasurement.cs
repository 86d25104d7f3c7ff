namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// One finding of a TID 1500 report, written as a TID 1411 Volumetric ROI Measurements group that references its
/// SEG segment: tracking identifier/UID, finding and site codes, and the measurements.
/// </summary>
public sealed record VolumetricMeasurement
{
    /// <summary>Human-readable tracking identifier, e.g. "Nodule 1" (TID 1411 row 2).</summary>
    public required string TrackingId { get; init; }

    /// <summary>Tracking UID (TID 1411 row 3); the same UID as the SEG segment's Tracking UID.</summary>
    public required string TrackingUid { get; init; }

    /// <summary>(121071, DCM, "Finding") value, e.g. (27925004, SCT, "Nodule").</summary>
    public required DicomCodeItem Finding { get; init; }

    /// <summary>(363698007, SCT, "Finding Site") value, e.g. (39607008, SCT, "Lung").</summary>
    public DicomCodeItem? FindingSite { get; init; }

    /// <summary>The segment of the referenced SEG that outlines the finding.</summary>
    public required int SegmentNumber { get; init; }

    /// <summary>Volume in mm³ (sum of segmented voxel volumes).</summary>
    public required double VolumeMm3 { get; init; }

    /// <summary>Longest in-plane diameter in mm, when measured.</summary>
    public double? LongestDiameterMm { get; init; }

    /// <summary>Mean attenuation in Hounsfield units (CT only).</summary>
    public double? MeanHounsfieldUnits { get; init; }

    /// <summary>The model's confidence in the finding, 0…1.</summary>
    public double? Confidence { get; init; }
}
