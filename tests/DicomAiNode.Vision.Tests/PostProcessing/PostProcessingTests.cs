using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.PostProcessing;

public class PostProcessingTests
{
    internal static RegionMask Mask(int rows, int columns, params (int R, int C)[] pixels)
    {
        var frame = new byte[rows * columns];
        foreach (var (r, c) in pixels)
        {
            frame[(r * columns) + c] = 1;
        }

        return RegionMask.FromRegion(rows, columns, new PixelRect(0, 0, rows, columns), frame)!;
    }

    internal static RegionMask Block(int rows, int columns, int top, int left, int height, int width) =>
        Mask(rows, columns, [.. from r in Enumerable.Range(top, height) from c in Enumerable.Range(left, width) select (r, c)]);

    [Fact]
    public void Closing_bridges_a_one_pixel_gap_without_growing_the_outline()
    {
        // Two 3×3 blocks at columns 2–4 and 6–8, gap at column 5.
        var a = Block(12, 12, 4, 2, 3, 3);
        var both = FindingLinker.Union(a, Block(12, 12, 4, 6, 3, 3));
        var closed = BinaryMorphology.Close(both, 1)!;
        Assert.Equal(new PixelRect(4, 2, 7, 9), closed.Bounds);
        Assert.Equal(21, closed.Area);
    }

    [Fact]
    public void Closing_at_the_frame_border_does_not_erode_the_mask()
    {
        var edge = Block(6, 6, 0, 0, 2, 6);
        Assert.Equal(12, BinaryMorphology.Close(edge, 2)!.Area);
    }

    [Fact]
    public void Hole_filling_fills_enclosed_background_only()
    {
        // A 5×5 ring (hole 3×3) and an open U shape.
        var ring = Mask(10, 10, [.. from r in Enumerable.Range(0, 5) from c in Enumerable.Range(0, 5) where r is 0 or 4 || c is 0 or 4 select (r, c)]);
        Assert.Equal(25, BinaryMorphology.FillHoles(ring).Area);
        var u = Mask(10, 10, [.. from r in Enumerable.Range(0, 5) from c in Enumerable.Range(0, 5) where r == 4 || c is 0 or 4 select (r, c)]);
        Assert.Equal(u.Area, BinaryMorphology.FillHoles(u).Area);
    }

    [Fact]
    public void Feret_diameter_measures_outer_pixel_corners_with_anisotropic_spacing()
    {
        Assert.Equal(Math.Sqrt(2), FeretDiameter.Compute(Mask(4, 4, (1, 1)), 1, 1), 9);
        var bar = Block(5, 20, 2, 3, 1, 10);
        Assert.Equal(Math.Sqrt((8.0 * 8.0) + (0.5 * 0.5)), FeretDiameter.Compute(bar, 0.5, 0.8), 9);
    }

    [Fact]
    public void Minimum_area_is_in_square_millimetres()
    {
        var slice = new Slice(new float[100], 10, 10, 0.5, 0.5);
        var small = new SliceInstance(0, 0, 0.9f, 0, 0, 2, 2, Block(10, 10, 0, 0, 2, 2)); // 4 px = 1 mm²
        var big = new SliceInstance(0, 0, 0.9f, 0, 0, 3, 3, Block(10, 10, 5, 5, 3, 3)); // 9 px = 2.25 mm²
        var kept = InstanceCleanup.Apply(slice, [small, big], ["a"], new PostProcessingOptions { MinAreaMm2 = 2, ClosingRadius = 0 });
        Assert.Single(kept);
        Assert.Equal(9, kept[0].Mask.Area);
    }

    [Fact]
    public void Anatomical_constraint_keeps_only_constrained_classes_inside_the_region()
    {
        var slice = new Slice(new float[100], 10, 10, 1, 1);
        var leftHalf = Block(10, 10, 0, 0, 10, 5).ToFrame();
        var constraint = new AnatomicalConstraint(["nodule"], _ => leftHalf, 0.5);
        var inside = new SliceInstance(0, 0, 0.9f, 0, 0, 1, 1, Block(10, 10, 1, 1, 2, 2));
        var outside = new SliceInstance(0, 0, 0.9f, 0, 0, 1, 1, Block(10, 10, 1, 7, 2, 2));
        var otherClass = new SliceInstance(0, 1, 0.9f, 0, 0, 1, 1, Block(10, 10, 5, 7, 2, 2));
        var kept = InstanceCleanup.Apply(slice, [inside, outside, otherClass], ["Nodule", "effusion"],
            new PostProcessingOptions { Constraints = [constraint], ClosingRadius = 0 });
        Assert.Equal([(0, 1), (1, 5)], kept.Select(k => (k.ClassId, k.Mask.Bounds.Top)));
    }

    [Fact]
    public void Lung_region_excludes_outside_air_and_contains_a_nodule_inside_a_lung()
    {
        const int n = 64;
        var hu = new float[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                double body = Math.Pow((r - 32) / 28.0, 2) + Math.Pow((c - 32) / 30.0, 2);
                double lung = Math.Pow((r - 32) / 16.0, 2) + Math.Pow((c - 20) / 8.0, 2);
                double nodule = Math.Pow(r - 32, 2) + Math.Pow(c - 20, 2);
                hu[(r * n) + c] = body > 1 ? -1000 : nodule <= 4 ? 30 : lung <= 1 ? -850 : 40;
            }
        }

        var region = LungRegion.Compute(new Slice(hu, n, n, 1.5, 1.5));
        Assert.Equal(0, region[0]);
        Assert.Equal(1, region[(32 * n) + 20]); // nodule centre
        Assert.Equal(1, region[(32 * n) + 16]); // lung
        Assert.Equal(0, region[(32 * n) + 44]); // soft tissue on the other side
    }
}
