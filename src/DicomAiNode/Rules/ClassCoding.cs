namespace DicomAiNode.Rules;

/// <summary>
/// How a class name is coded in results: SEG SegmentedPropertyCategory/Type (CID 7150/7151), the SR finding
/// (the type) and, optionally, the finding site (SR HAS CONCEPT MOD Finding Site, SEG AnatomicRegionSequence).
/// </summary>
public sealed record ClassCoding
{
    public CodedConcept? Category { get; init; }

    public CodedConcept? Type { get; init; }

    public CodedConcept? Site { get; init; }

    /// <summary>Where the codes were checked and what is uncertain about them.</summary>
    public string? Comment { get; init; }
}
