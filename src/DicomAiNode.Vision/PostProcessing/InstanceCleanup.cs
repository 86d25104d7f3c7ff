using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// The 2D clean-up of one slice's instances: closing, hole filling, minimum area in mm², anatomical constraints.
/// Constraint regions are computed at most once per slice, and only when an instance of a constrained class exists.
/// </summary>
public static class InstanceCleanup
{
    public static List<SliceInstance> Apply(Slice slice, IReadOnlyList<SliceInstance> instances, IReadOnlyList<string> classNames,
        PostProcessingOptions options)
    {
        var kept = new List<SliceInstance>(instances.Count);
        Dictionary<AnatomicalConstraint, byte[]>? regions = null;
        foreach (var instance in instances)
        {
            var mask = BinaryMorphology.Close(instance.Mask, options.ClosingRadius);
            if (mask is null)
            {
                continue;
            }

            if (options.FillHoles)
            {
                mask = BinaryMorphology.FillHoles(mask);
            }

            int area = mask.Area;
            if (area == 0 || area * slice.PixelArea < options.MinAreaMm2)
            {
                continue;
            }

            string name = instance.ClassId < classNames.Count ? classNames[instance.ClassId] : string.Empty;
            bool inside = true;
            foreach (var constraint in options.Constraints)
            {
                if (!constraint.Classes.Contains(name))
                {
                    continue;
                }

                regions ??= new Dictionary<AnatomicalConstraint, byte[]>(ReferenceEqualityComparer.Instance);
                if (!regions.TryGetValue(constraint, out var region))
                {
                    region = constraint.Region(slice);
                    if (region.Length != slice.Rows * slice.Columns)
                    {
                        throw new InvalidOperationException($"anatomical constraint for {string.Join(",", constraint.Classes)} returned {region.Length} bytes for a {slice.Rows}×{slice.Columns} slice");
                    }

                    regions[constraint] = region;
                }

                if (InsideFraction(mask, region, slice.Columns) < constraint.MinInsideFraction)
                {
                    inside = false;
                    break;
                }
            }

            if (inside)
            {
                kept.Add(instance with { Mask = mask });
            }
        }

        return kept;
    }

    private static double InsideFraction(Decoding.RegionMask mask, byte[] region, int columns)
    {
        var b = mask.Bounds;
        long inside = 0, total = 0;
        for (int r = 0; r < b.Height; r++)
        {
            var m = mask.Data.AsSpan(r * b.Width, b.Width);
            var g = region.AsSpan(((b.Top + r) * columns) + b.Left, b.Width);
            for (int c = 0; c < m.Length; c++)
            {
                total += m[c];
                inside += m[c] & (g[c] != 0 ? 1 : 0);
            }
        }

        return total == 0 ? 0 : (double)inside / total;
    }
}
