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

    /// <summary>
    /// The classes the constraint applies to (each must be one of the prompt's classes); empty: every prompt class
    /// except pleural ones (an effusion lies outside the aerated lung). Name them when the rule also reports findings
    /// outside the lung (a liver cyst), or the constraint drops those.
    /// </summary>
    public List<string> ConstraintClasses { get; set; } = [];

    /// <summary>
    /// Masks decoded at the model's input resolution (Ultralytics' <c>retina_masks=True</c>, <c>process_mask_native</c>)
    /// instead of at prototype resolution (stride 4) and upsampled: sharper edges for findings a few prototype pixels
    /// wide, hence truer areas, volumes and diameters for small nodules.
    /// </summary>
    public bool RetinaMasks { get; set; }
}
