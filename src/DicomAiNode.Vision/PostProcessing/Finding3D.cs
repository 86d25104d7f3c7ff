using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// One finding: same-class instances linked across adjacent slices, with its measurements.
/// </summary>
public sealed class Finding3D
{
    internal Finding3D(int classId, string className, IReadOnlyList<FindingSlice> slices, long voxelCount, double volumeMm3,
        double longestAxialDiameterMm, int longestDiameterSliceIndex, double meanValue, PixelRect bounds)
    {
        ClassId = classId;
        ClassName = className;
        Slices = slices;
        VoxelCount = voxelCount;
        VolumeMm3 = volumeMm3;
        LongestAxialDiameterMm = longestAxialDiameterMm;
        LongestDiameterSliceIndex = longestDiameterSliceIndex;
        MeanValue = meanValue;
        Bounds = bounds;
    }

    public int ClassId { get; }

    public string ClassName { get; }

    /// <summary>Per-slice masks in ascending slice order.</summary>
    public IReadOnlyList<FindingSlice> Slices { get; }

    public int FirstSliceIndex => Slices[0].SliceIndex;

    public int LastSliceIndex => Slices[^1].SliceIndex;

    public float MaxConfidence => Slices.Max(s => s.Confidence);

    /// <summary>Mean of the per-slice confidences.</summary>
    public float MeanConfidence => Slices.Average(s => s.Confidence);

    public long VoxelCount { get; }

    /// <summary>Σ over slices of mask pixels × row spacing × column spacing × slice thickness.</summary>
    public double VolumeMm3 { get; }

    /// <summary>
    /// Longest in-plane diameter (RECIST-style): the largest maximum Feret diameter over the finding's slices,
    /// measured in mm between the outer corners of the mask's pixels (so a single pixel measures its diagonal).
    /// </summary>
    public double LongestAxialDiameterMm { get; }

    /// <summary>The slice on which <see cref="LongestAxialDiameterMm"/> was measured.</summary>
    public int LongestDiameterSliceIndex { get; }

    /// <summary>Mean of the input values (HU for CT) over the finding's voxels.</summary>
    public double MeanValue { get; }

    /// <summary>Union of the per-slice mask bounds, in slice pixels.</summary>
    public PixelRect Bounds { get; }
}
