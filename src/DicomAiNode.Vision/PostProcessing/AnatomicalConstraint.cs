using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// Keeps instances of some classes only when most of their mask lies inside a region of the slice (e.g. lung
/// nodules inside a lung mask computed from HU).
/// </summary>
public sealed class AnatomicalConstraint
{
    /// <param name="classes">Class names the constraint applies to (case-insensitive).</param>
    /// <param name="region">Computes the region of a slice as a rows×columns frame of 0/1 bytes.</param>
    /// <param name="minInsideFraction">Fraction of the mask's pixels that must lie inside the region.</param>
    public AnatomicalConstraint(IEnumerable<string> classes, Func<Slice, byte[]> region, double minInsideFraction = 0.5)
    {
        Classes = new HashSet<string>(classes, StringComparer.OrdinalIgnoreCase);
        Region = region;
        MinInsideFraction = minInsideFraction;
    }

    public IReadOnlySet<string> Classes { get; }

    public Func<Slice, byte[]> Region { get; }

    public double MinInsideFraction { get; }

    /// <summary>
    /// Lung findings inside the lungs: the region of <see cref="LungRegion.Compute"/> (CT in HU). The default fraction
    /// is 0.3, not one half: a juxtapleural nodule bulges out of the row/column-filled air region, and on the
    /// validation phantoms 0.5 dropped such nodules that 0.3 keeps, at no cost in false positives
    /// (models/README.md).
    /// </summary>
    public static AnatomicalConstraint Lungs(IEnumerable<string> classes, double minInsideFraction = 0.3) =>
        new(classes, s => LungRegion.Compute(s), minInsideFraction);
}
