namespace DicomAiNode.Rules;

/// <summary>
/// What a series must look like for a rule to apply. Every criterion that is set must hold; regular expressions are
/// matched case-insensitively anywhere in the value (anchor with ^…$ for an exact match).
/// </summary>
public sealed class SeriesCriteria
{
    /// <summary>Regex on Modality (0008,0060); required, so that no rule matches its own SEG or SR by accident.</summary>
    public string? Modality { get; set; }

    public string? BodyPartExamined { get; set; }

    public string? StudyDescription { get; set; }

    public string? SeriesDescription { get; set; }

    public string? ProtocolName { get; set; }

    /// <summary>At least one of the named fields matches the pattern (e.g. chest|thorax|lung in body part or descriptions).</summary>
    public TextCriterion? AnyOf { get; set; }

    /// <summary>Values every series must have in ImageType (0008,0008), e.g. AXIAL.</summary>
    public List<string> ImageTypeContains { get; set; } = [];

    /// <summary>Values no series may have in ImageType (0008,0008), e.g. LOCALIZER.</summary>
    public List<string> ImageTypeExcludes { get; set; } = [];

    /// <summary>Inclusive range of SliceThickness (0018,0050) in mm.</summary>
    public NumberRange? SliceThicknessMm { get; set; }

    public int MinInstances { get; set; } = 1;

    /// <summary>Calling AE titles the series must have come from; empty means any known peer.</summary>
    public List<string> CallingAeTitles { get; set; } = [];
}
