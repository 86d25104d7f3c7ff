namespace DicomAiNode.Rules;

/// <summary>Which result objects a rule produces.</summary>
public sealed class RuleOutputs
{
    /// <summary>A DICOM Segmentation (one segment per finding).</summary>
    public bool Seg { get; set; } = true;

    /// <summary>A TID 1500 Comprehensive SR; it references the SEG, so it needs <see cref="Seg"/>.</summary>
    public bool Sr { get; set; } = true;
}
