namespace DicomAiNode.Rules;

/// <summary>The prompts of a rule.</summary>
public sealed class PromptSettings
{
    public PromptMode Mode { get; set; } = PromptMode.Text;

    /// <summary>Class names reported by the rule; each needs an entry in <c>config/codes.json</c>.</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary>Reference images with boxes, for <see cref="PromptMode.Visual"/>.</summary>
    public List<VisualExemplar> Exemplars { get; set; } = [];
}
