namespace DicomAiNode.Vision.PostProcessing;

/// <summary>2D clean-up of instance masks and the rules for linking them into 3D findings.</summary>
public sealed record PostProcessingOptions
{
    /// <summary>Radius in pixels of the square closing; 0 disables it.</summary>
    public int ClosingRadius { get; init; } = 1;

    public bool FillHoles { get; init; } = true;

    /// <summary>Instances whose mask area is below this many mm² are dropped.</summary>
    public double MinAreaMm2 { get; init; }

    public IReadOnlyList<AnatomicalConstraint> Constraints { get; init; } = [];

    /// <summary>
    /// Instances of the same class on adjacent slices belong to one finding when their overlap, intersection over
    /// the smaller mask, is at least this.
    /// </summary>
    public double MinLinkOverlap { get; init; } = 0.2;

    /// <summary>Findings with fewer voxels are dropped.</summary>
    public int MinVoxels { get; init; } = 1;

    /// <summary>
    /// Findings on fewer slices are dropped. 2 removes most vessel cross-sections that a 2D model calls nodules, but
    /// also real nodules seen on one thick slice: on the phantom test set it cut nodule sensitivity from 0.96 to 0.81
    /// (models/README.md).
    /// </summary>
    public int MinSlices { get; init; } = 1;

    /// <summary>Findings whose best instance confidence is below this are dropped.</summary>
    public float MinFindingConfidence { get; init; }
}
