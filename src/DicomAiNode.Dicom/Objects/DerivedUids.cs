using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// Deterministic UIDs for derived objects: the same (source series, rule, model) always gives the same SEG and SR
/// series and instance UIDs (UUID v5 under 2.25, <see cref="DicomUID.FromName(string)"/>), so a re-run or a re-send
/// replaces the earlier result in a PACS instead of duplicating it.
/// </summary>
public static class DerivedUids
{
    /// <summary>The series UID of a derived object of <paramref name="kind"/> ("SEG", "SR").</summary>
    public static string Series(string sourceSeriesUid, string ruleName, string modelIdentity, string kind) =>
        DicomUID.FromName($"{sourceSeriesUid}|{ruleName}|{modelIdentity}|{kind}|series").UID;

    /// <summary>The SOP instance UID of a derived object of <paramref name="kind"/>.</summary>
    public static string Instance(string sourceSeriesUid, string ruleName, string modelIdentity, string kind) =>
        DicomUID.FromName($"{sourceSeriesUid}|{ruleName}|{modelIdentity}|{kind}|instance").UID;

    /// <summary>The tracking UID of finding <paramref name="findingNumber"/> (shared by its SEG segment and SR group).</summary>
    public static string Tracking(string sourceSeriesUid, string ruleName, string modelIdentity, int findingNumber) =>
        DicomUID.FromName($"{sourceSeriesUid}|{ruleName}|{modelIdentity}|finding {findingNumber}").UID;

    /// <summary>The Dimension Organization UID of a SEG instance.</summary>
    public static string DimensionOrganization(string segSopInstanceUid) =>
        DicomUID.FromName($"{segSopInstanceUid}|dimension organization").UID;
}
