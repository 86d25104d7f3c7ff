namespace DicomAiNode.Pipeline;

/// <summary>One finding as the summary reports it: its codes, measurements, segment and slices (indexes into the sorted series, and the images' InstanceNumbers).</summary>
public sealed record FindingRecord(
    int Number,
    string ClassName,
    string Label,
    string TrackingUid,
    int SegmentNumber,
    double VolumeMm3,
    double LongestDiameterMm,
    double? MeanHu,
    double Confidence,
    int FirstSliceIndex,
    int LastSliceIndex,
    IReadOnlyList<int> InstanceNumbers,
    (byte Red, byte Green, byte Blue) Color);
