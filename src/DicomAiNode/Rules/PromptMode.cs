namespace DicomAiNode.Rules;

/// <summary>How YOLOE is told what to look for.</summary>
public enum PromptMode
{
    /// <summary>Class names as text prompts.</summary>
    Text,

    /// <summary>Exemplar boxes drawn on reference images.</summary>
    Visual,

    /// <summary>The model's built-in vocabulary, filtered to the rule's classes.</summary>
    PromptFree,
}
