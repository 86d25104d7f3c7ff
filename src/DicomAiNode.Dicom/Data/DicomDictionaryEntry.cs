namespace DicomAiNode.Dicom.Data;

/// <summary>One row of the PS3.6 data dictionary.</summary>
/// <param name="Tag">The tag; for a repeating-group entry the first tag of the range (e.g. (5000,0005)).</param>
/// <param name="ValueRepresentations">The allowed VRs; several for e.g. "US or SS"; empty for items and delimiters.</param>
/// <param name="ValueMultiplicity">The VM as PS3.6 writes it: <c>1</c>, <c>1-n</c>, <c>2-2n</c> …</param>
/// <param name="Keyword">The keyword, e.g. <c>PatientID</c>; empty where PS3.6 gives none.</param>
/// <param name="Name">The attribute name, e.g. <c>Patient ID</c>.</param>
/// <param name="IsRetired">Whether PS3.6 marks the attribute as retired.</param>
/// <param name="Mask">Bits of the 32-bit tag that must match the entry (0xFFFFFFFF unless a repeating group such as 60xx).</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    IReadOnlyList<DicomVR> ValueRepresentations,
    string ValueMultiplicity,
    string Keyword,
    string Name,
    bool IsRetired,
    uint Mask = 0xFFFFFFFF)
{
    /// <summary>The VR to use when the data gives none (implicit VR) or a new element is created: the first allowed VR, UN if none.</summary>
    public DicomVR DefaultVR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.UN;

    /// <summary>Whether <paramref name="tag"/> is described by this entry (exact tag or repeating-group mask).</summary>
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}
