using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// Links per-slice instances into 3D findings: two instances of the same class on adjacent slices (in slice
/// location order) join when their masks overlap by at least <see cref="PostProcessingOptions.MinLinkOverlap"/>
/// (intersection over the smaller mask), and so do overlapping same-class instances on one slice; connected groups
/// (union-find) become <see cref="Finding3D"/>s, whose per-slice mask is the union of its instances there.
/// </summary>
public static class FindingLinker
{
    /// <summary>Links instances of <paramref name="slices"/>; mean values come from the slices' pixels.</summary>
    public static IReadOnlyList<Finding3D> Link(IReadOnlyList<Slice> slices, IReadOnlyList<IReadOnlyList<SliceInstance>> instances,
        IReadOnlyList<string> classNames, PostProcessingOptions options) =>
        Link(slices.Select(s => s.Geometry).ToList(), instances, classNames, options, (index, _, mask) => SumInside(slices[index], mask));

    /// <summary>
    /// Links instances of slices known only by their geometry; mean values come from the instances'
    /// <see cref="SliceInstance.Values"/>, which every instance must carry.
    /// </summary>
    public static IReadOnlyList<Finding3D> Link(IReadOnlyList<SliceGeometry> slices, IReadOnlyList<IReadOnlyList<SliceInstance>> instances,
        IReadOnlyList<string> classNames, PostProcessingOptions options) =>
        Link(slices, instances, classNames, options, (_, members, mask) => SumInside(members, mask));

    private static IReadOnlyList<Finding3D> Link(IReadOnlyList<SliceGeometry> slices, IReadOnlyList<IReadOnlyList<SliceInstance>> instances,
        IReadOnlyList<string> classNames, PostProcessingOptions options, Func<int, IReadOnlyList<SliceInstance>, RegionMask, double> sumInside)
    {
        var all = instances.SelectMany(i => i).ToList();
        var id = new Dictionary<SliceInstance, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < all.Count; i++)
        {
            id[all[i]] = i;
        }

        var parent = Enumerable.Range(0, all.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Join(SliceInstance a, SliceInstance b)
        {
            if (a.ClassId == b.ClassId && Overlap(a.Mask, b.Mask) >= options.MinLinkOverlap)
            {
                int ra = Find(id[a]), rb = Find(id[b]);
                if (ra != rb)
                {
                    parent[rb] = ra;
                }
            }
        }

        var order = SliceOrder(slices);
        for (int k = 0; k < order.Length; k++)
        {
            var here = instances[order[k]];
            // Overlapping instances of one class on one slice (boxes NMS kept apart, masks alike) are one finding.
            for (int i = 0; i < here.Count; i++)
            {
                for (int j = i + 1; j < here.Count; j++)
                {
                    Join(here[i], here[j]);
                }
            }

            if (k + 1 < order.Length)
            {
                foreach (var a in here)
                {
                    foreach (var b in instances[order[k + 1]])
                    {
                        Join(a, b);
                    }
                }
            }
        }

        var rank = new int[slices.Count];
        for (int k = 0; k < order.Length; k++)
        {
            rank[order[k]] = k;
        }

        var findings = new List<Finding3D>();
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(Find))
        {
            var members = group.Select(i => all[i]).OrderBy(m => rank[m.SliceIndex]).ToList();
            var finding = Measure(slices, members, classNames, sumInside);
            if (finding.VoxelCount >= options.MinVoxels && finding.Slices.Count >= options.MinSlices
                && finding.MaxConfidence >= options.MinFindingConfidence)
            {
                findings.Add(finding);
            }
        }

        return findings.OrderBy(f => rank[f.FirstSliceIndex]).ThenByDescending(f => f.MaxConfidence).ToList();
    }

    /// <summary>Slice indices sorted by location (NaN locations keep input order).</summary>
    internal static int[] SliceOrder(IReadOnlyList<SliceGeometry> slices) =>
        Enumerable.Range(0, slices.Count).OrderBy(i => double.IsNaN(slices[i].Location) ? i : slices[i].Location).ThenBy(i => i).ToArray();

    /// <summary>Intersection over the smaller mask (0 when either is empty); both masks share the frame.</summary>
    public static double Overlap(RegionMask a, RegionMask b)
    {
        var inter = a.Bounds.Intersect(b.Bounds);
        if (inter.IsEmpty)
        {
            return 0;
        }

        long count = 0;
        for (int r = inter.Top; r < inter.Bottom; r++)
        {
            var ra = a.Data.AsSpan(((r - a.Bounds.Top) * a.Bounds.Width) + inter.Left - a.Bounds.Left, inter.Width);
            var rb = b.Data.AsSpan(((r - b.Bounds.Top) * b.Bounds.Width) + inter.Left - b.Bounds.Left, inter.Width);
            for (int c = 0; c < ra.Length; c++)
            {
                count += ra[c] & rb[c];
            }
        }

        int smaller = Math.Min(a.Area, b.Area);
        return smaller == 0 ? 0 : (double)count / smaller;
    }

    private static Finding3D Measure(IReadOnlyList<SliceGeometry> slices, List<SliceInstance> members, IReadOnlyList<string> classNames,
        Func<int, IReadOnlyList<SliceInstance>, RegionMask, double> sumInside)
    {
        // Instances of one finding on one slice (merged through a neighbour) are united into one mask.
        var perSlice = new List<FindingSlice>();
        long voxels = 0;
        double volume = 0, sum = 0, longest = 0;
        int longestSlice = members[0].SliceIndex;
        var bounds = default(PixelRect);
        foreach (var group in members.GroupBy(m => m.SliceIndex))
        {
            var slice = slices[group.Key];
            var parts = group.ToList();
            var mask = parts.Skip(1).Aggregate(parts[0].Mask, (m, n) => Union(m, n.Mask));
            perSlice.Add(new FindingSlice(group.Key, mask, parts.Max(m => m.Confidence)));
            int area = mask.Area;
            voxels += area;
            volume += area * slice.RowSpacing * slice.ColumnSpacing * slice.Thickness;
            sum += sumInside(group.Key, parts, mask);
            double d = FeretDiameter.Compute(mask, slice.RowSpacing, slice.ColumnSpacing);
            if (d > longest)
            {
                longest = d;
                longestSlice = group.Key;
            }

            bounds = bounds.Union(mask.Bounds);
        }

        int classId = members[0].ClassId;
        string name = classId < classNames.Count ? classNames[classId] : "class" + classId;
        return new Finding3D(classId, name, perSlice, voxels, volume, longest, longestSlice, voxels == 0 ? double.NaN : sum / voxels, bounds);
    }

    private static double SumInside(Slice slice, RegionMask mask)
    {
        var px = slice.Pixels.Span;
        var b = mask.Bounds;
        double sum = 0;
        for (int r = 0; r < b.Height; r++)
        {
            var row = px.Slice(((b.Top + r) * slice.Columns) + b.Left, b.Width);
            var m = mask.Data.AsSpan(r * b.Width, b.Width);
            for (int c = 0; c < row.Length; c++)
            {
                if (m[c] != 0)
                {
                    sum += row[c];
                }
            }
        }

        return sum;
    }

    /// <summary>
    /// The same sum as from the slice's pixels, in the same order (row-major over the mask's bounds), each value taken
    /// from the first instance whose bounds hold the pixel: every pixel of a union lies in one of its parts' bounds.
    /// </summary>
    private static double SumInside(IReadOnlyList<SliceInstance> parts, RegionMask mask)
    {
        foreach (var part in parts)
        {
            if (part.Values is null || part.Values.Length != part.Mask.Bounds.Height * part.Mask.Bounds.Width)
            {
                throw new InvalidOperationException($"an instance on slice {part.SliceIndex} carries no values over its mask's bounds; capture them with SliceInstance.WithValues before linking");
            }
        }

        var b = mask.Bounds;
        double sum = 0;
        for (int r = 0; r < b.Height; r++)
        {
            var m = mask.Data.AsSpan(r * b.Width, b.Width);
            int row = b.Top + r;
            for (int c = 0; c < m.Length; c++)
            {
                if (m[c] != 0)
                {
                    sum += ValueAt(parts, row, b.Left + c);
                }
            }
        }

        return sum;
    }

    private static float ValueAt(IReadOnlyList<SliceInstance> parts, int row, int column)
    {
        foreach (var part in parts)
        {
            var pb = part.Mask.Bounds;
            if (row >= pb.Top && row < pb.Bottom && column >= pb.Left && column < pb.Right)
            {
                return part.Values![((row - pb.Top) * pb.Width) + column - pb.Left];
            }
        }

        throw new InvalidOperationException($"pixel ({row}, {column}) lies outside every part of the union");
    }

    internal static RegionMask Union(RegionMask a, RegionMask b)
    {
        var u = a.Bounds.Union(b.Bounds);
        var data = new byte[u.Height * u.Width];
        foreach (var m in new[] { a, b })
        {
            for (int r = 0; r < m.Bounds.Height; r++)
            {
                var src = m.Data.AsSpan(r * m.Bounds.Width, m.Bounds.Width);
                var dst = data.AsSpan(((m.Bounds.Top - u.Top + r) * u.Width) + m.Bounds.Left - u.Left, m.Bounds.Width);
                for (int c = 0; c < src.Length; c++)
                {
                    dst[c] |= src[c];
                }
            }
        }

        return new RegionMask(a.FrameRows, a.FrameColumns, u, data);
    }
}
