namespace DicomAiNode.Dicom.Data;

/// <summary>
/// A Person Name (PN) value, PS3.5 6.2.1: up to three component groups (alphabetic, ideographic, phonetic) separated by
/// '=', each with five components family^given^middle^prefix^suffix.
/// </summary>
public sealed record DicomPersonName(string FamilyName, string GivenName = "", string MiddleName = "", string NamePrefix = "", string NameSuffix = "")
{
    /// <summary>The ideographic component group, as encoded (components separated by '^'), or empty.</summary>
    public string Ideographic { get; init; } = string.Empty;

    /// <summary>The phonetic component group, as encoded, or empty.</summary>
    public string Phonetic { get; init; } = string.Empty;

    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        var c = groups[0].Split('^');
        string Part(int i) => i < c.Length ? c[i].Trim() : string.Empty;
        return new DicomPersonName(Part(0), Part(1), Part(2), Part(3), Part(4))
        {
            Ideographic = groups.Length > 1 ? groups[1] : string.Empty,
            Phonetic = groups.Length > 2 ? groups[2] : string.Empty,
        };
    }

    /// <summary>The encoded form, without trailing empty components or groups (PS3.5 6.2.1.1).</summary>
    public override string ToString()
    {
        var alphabetic = string.Join('^', FamilyName, GivenName, MiddleName, NamePrefix, NameSuffix).TrimEnd('^');
        var text = string.Join('=', alphabetic, Ideographic, Phonetic);
        return text.TrimEnd('=');
    }
}
