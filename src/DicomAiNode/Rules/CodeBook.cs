namespace DicomAiNode.Rules;

/// <summary>The content of <c>config/codes.json</c>: class name → codes.</summary>
public sealed class CodeBook
{
    public Dictionary<string, ClassCoding> Classes { get; set; } = new(StringComparer.Ordinal);

    public ClassCoding? Find(string className) => Classes.GetValueOrDefault(className);
}
