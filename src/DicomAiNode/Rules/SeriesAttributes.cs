namespace DicomAiNode.Rules;

/// <summary>
/// What the rule matcher knows of a series: plain values read from its instances (no DICOM types), so that the
/// matcher can be used by the pipeline, by <c>rules test</c> and by tests alike.
/// </summary>
public sealed record SeriesAttributes
{
    public string StudyInstanceUid { get; init; } = "";

    public string SeriesInstanceUid { get; init; } = "";

    public string Modality { get; init; } = "";

    public string BodyPartExamined { get; init; } = "";

    public string StudyDescription { get; init; } = "";

    public string SeriesDescription { get; init; } = "";

    public string ProtocolName { get; init; } = "";

    /// <summary>Values of ImageType (0008,0008), e.g. ORIGINAL, PRIMARY, AXIAL.</summary>
    public IReadOnlyList<string> ImageType { get; init; } = [];

    /// <summary>SliceThickness (0018,0050) in mm, when present.</summary>
    public double? SliceThickness { get; init; }

    public int InstanceCount { get; init; }

    public string CallingAeTitle { get; init; } = "";

    public string Get(SeriesTextField field) => field switch
    {
        SeriesTextField.Modality => Modality,
        SeriesTextField.BodyPartExamined => BodyPartExamined,
        SeriesTextField.StudyDescription => StudyDescription,
        SeriesTextField.SeriesDescription => SeriesDescription,
        SeriesTextField.ProtocolName => ProtocolName,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
