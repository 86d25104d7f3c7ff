namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// What a segment is (PS3.3 C.8.20.2, Segment Description Macro): label, segmented property category/type codes
/// (CID 7150/7151), optional anatomic region, tracking identifier/UID and display colour.
/// </summary>
public sealed record SegmentDescription
{
    /// <summary>(0062,0005) Segment Label, Type 1.</summary>
    public required string Label { get; init; }

    /// <summary>(0062,0003) Segmented Property Category (CID 7150), e.g. (49755003, SCT, "Morphologically Abnormal Structure").</summary>
    public required DicomCodeItem Category { get; init; }

    /// <summary>(0062,000F) Segmented Property Type (CID 7151), e.g. (27925004, SCT, "Nodule").</summary>
    public required DicomCodeItem Type { get; init; }

    /// <summary>(0062,0011) optional modifier of the type, e.g. (24028007, SCT, "Right").</summary>
    public DicomCodeItem? TypeModifier { get; init; }

    /// <summary>(0008,2218) Anatomic Region Sequence, e.g. (39607008, SCT, "Lung").</summary>
    public DicomCodeItem? AnatomicRegion { get; init; }

    /// <summary>(0062,0008): AUTOMATIC, SEMIAUTOMATIC or MANUAL.</summary>
    public string AlgorithmType { get; init; } = "AUTOMATIC";

    /// <summary>(0062,0020) Tracking ID; written only together with <see cref="TrackingUid"/>.</summary>
    public string? TrackingId { get; init; }

    /// <summary>(0062,0021) Tracking UID.</summary>
    public string? TrackingUid { get; init; }

    /// <summary>(0062,000D) Recommended Display CIELab Value (PS3.3 C.10.7.1.1 scaling), see <see cref="CieLabColor"/>.</summary>
    public CieLabColor? Color { get; init; }
}
