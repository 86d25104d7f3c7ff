namespace DicomAiNode.Rules;

/// <summary>A coded concept as in a DICOM code sequence item: CodeValue, CodingSchemeDesignator, CodeMeaning (PS3.3 8.8).</summary>
public sealed record CodedConcept
{
    public string Value { get; init; } = "";

    public string Scheme { get; init; } = "";

    public string Meaning { get; init; } = "";

    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
