namespace DicomAiNode.Dicom.Objects;

/// <summary>Concept names and units of the TID 1500/1411 report (PS3.16; checked in seg-sr-facts §1, §3.1, §4.3, §4.4).</summary>
internal static class SrCodes
{
    public static readonly DicomCodeItem ImagingMeasurementReport = new("126000", "DCM", "Imaging Measurement Report");
    public static readonly DicomCodeItem Language = new("121049", "DCM", "Language of Content Item and Descendants");
    public static readonly DicomCodeItem EnglishUs = new("en-US", "RFC5646", "English (United States)");
    public static readonly DicomCodeItem ObserverType = new("121005", "DCM", "Observer Type");
    public static readonly DicomCodeItem Device = new("121007", "DCM", "Device");
    public static readonly DicomCodeItem DeviceObserverUid = new("121012", "DCM", "Device Observer UID");
    public static readonly DicomCodeItem DeviceObserverName = new("121013", "DCM", "Device Observer Name");
    public static readonly DicomCodeItem DeviceObserverManufacturer = new("121014", "DCM", "Device Observer Manufacturer");
    public static readonly DicomCodeItem DeviceObserverModelName = new("121015", "DCM", "Device Observer Model Name");
    public static readonly DicomCodeItem DeviceObserverSerialNumber = new("121016", "DCM", "Device Observer Serial Number");
    public static readonly DicomCodeItem ProcedureReported = new("121058", "DCM", "Procedure reported");
    public static readonly DicomCodeItem ImageLibrary = new("111028", "DCM", "Image Library");
    public static readonly DicomCodeItem ImageLibraryGroup = new("126200", "DCM", "Image Library Group");
    public static readonly DicomCodeItem ImagingMeasurements = new("126010", "DCM", "Imaging Measurements");
    public static readonly DicomCodeItem MeasurementGroup = new("125007", "DCM", "Measurement Group");
    public static readonly DicomCodeItem TrackingIdentifier = new("112039", "DCM", "Tracking Identifier");
    public static readonly DicomCodeItem TrackingUniqueIdentifier = new("112040", "DCM", "Tracking Unique Identifier");
    public static readonly DicomCodeItem Finding = new("121071", "DCM", "Finding");
    public static readonly DicomCodeItem FindingSite = new("363698007", "SCT", "Finding Site");

    /// <summary>TID 1411 row 7; not 121214 "Referenced Segmentation Frame" (seg-sr-facts §1).</summary>
    public static readonly DicomCodeItem ReferencedSegment = new("121191", "DCM", "Referenced Segment");
    public static readonly DicomCodeItem SourceSeriesForSegmentation = new("121232", "DCM", "Source series for segmentation");
    public static readonly DicomCodeItem Volume = new("118565006", "SCT", "Volume");
    public static readonly DicomCodeItem MeasurementMethod = new("370129005", "SCT", "Measurement Method");
    public static readonly DicomCodeItem SumOfSegmentedVoxelVolumes = new("126030", "DCM", "Sum of segmented voxel volumes");
    public static readonly DicomCodeItem LongAxis = new("103339001", "SCT", "Long Axis");
    public static readonly DicomCodeItem AttenuationCoefficient = new("112031", "DCM", "Attenuation Coefficient");
    public static readonly DicomCodeItem Derivation = new("121401", "DCM", "Derivation");
    public static readonly DicomCodeItem Mean = new("373098007", "SCT", "Mean");

    /// <summary>CID 6048; a NUM in percent, as CAD reports (TID 4108) give it.</summary>
    public static readonly DicomCodeItem CertaintyOfFinding = new("111012", "DCM", "Certainty of Finding");
    public static readonly DicomCodeItem QualitativeEvaluations = new("C0034375", "UMLS", "Qualitative Evaluations");
    public static readonly DicomCodeItem NoAbnormality = new("111286", "DCM", "No abnormality");

    public static readonly DicomCodeItem CubicMillimeter = new("mm3", "UCUM", "cubic millimeter");
    public static readonly DicomCodeItem Millimeter = new("mm", "UCUM", "millimeter");
    public static readonly DicomCodeItem HounsfieldUnit = new("[hnsf'U]", "UCUM", "Hounsfield unit");
    public static readonly DicomCodeItem Percent = new("%", "UCUM", "percent");

    public static readonly DicomCodeItem CtUnspecifiedBodyRegion = new("25045-6", "LN", "CT unspecified body region");
    public static readonly DicomCodeItem MriUnspecifiedBodyRegion = new("25056-3", "LN", "MRI unspecified body region");
    public static readonly DicomCodeItem ImagingProcedure = new("363679005", "SCT", "Imaging procedure");
}
