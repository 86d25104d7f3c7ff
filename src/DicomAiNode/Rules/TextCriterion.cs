namespace DicomAiNode.Rules;

/// <summary>A regular expression that at least one of several text attributes must match.</summary>
public sealed class TextCriterion
{
    public List<SeriesTextField> Fields { get; set; } = [];

    public string Pattern { get; set; } = "";
}
