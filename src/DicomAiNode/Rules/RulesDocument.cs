namespace DicomAiNode.Rules;

/// <summary>The content of <c>config/rules.json</c>.</summary>
public sealed class RulesDocument
{
    public List<ProtocolRule> Rules { get; set; } = [];
}
