namespace DicomAiNode.Rules;

/// <summary>Mask clean-up after decoding.</summary>
public sealed class PostProcessingSettings
{
    /// <summary>Radius in pixels of the morphological closing; 0 turns it off.</summary>
    public int ClosingRadius { get; set; } = 1;

    public bool FillHoles { get; set; } = true;

    /// <summary>Findings smaller than this area on a slice are dropped.</summary>
    public double MinSizeMm2 { get; set; } = 4;

    /// <summary>Anatomical constraint: null or "none", or "lung" (keep findings inside a lung mask).</summary>
    public string? Constraint { get; set; }
}
