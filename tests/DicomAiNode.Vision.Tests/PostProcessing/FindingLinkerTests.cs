using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;
using static DicomAiNode.Vision.Tests.PostProcessing.PostProcessingTests;

namespace DicomAiNode.Vision.Tests.PostProcessing;

public class FindingLinkerTests
{
    private static Slice Slice(double location, float value = 10f) =>
        new(Enumerable.Repeat(value, 400).ToArray(), 20, 20, 0.5, 0.8, thickness: 2.0, location: location);

    [Fact]
    public void Links_overlapping_same_class_instances_on_adjacent_slices_in_location_order()
    {
        // Slices given in reverse location order: index 2 is the top (location 0).
        var slices = new[] { Slice(4, 100f), Slice(2, 50f), Slice(0, -100f) };
        var a2 = new SliceInstance(2, 0, 0.6f, 0, 0, 0, 0, Block(20, 20, 2, 2, 4, 4));
        var a1 = new SliceInstance(1, 0, 0.9f, 0, 0, 0, 0, Block(20, 20, 3, 3, 4, 4));
        var a0 = new SliceInstance(0, 0, 0.7f, 0, 0, 0, 0, Block(20, 20, 4, 4, 2, 2));
        var other = new SliceInstance(1, 1, 0.8f, 0, 0, 0, 0, Block(20, 20, 2, 2, 4, 4)); // same place, other class
        var far = new SliceInstance(0, 0, 0.5f, 0, 0, 0, 0, Block(20, 20, 15, 15, 2, 2)); // no overlap
        var findings = FindingLinker.Link(slices, [[a0, far], [a1, other], [a2]], ["nodule", "cyst"], new PostProcessingOptions());

        Assert.Equal(3, findings.Count);
        var f = findings.Single(x => x.ClassId == 0 && x.Slices.Count == 3);
        Assert.Equal([2, 1, 0], f.Slices.Select(s => s.SliceIndex));
        Assert.Equal(16 + 16 + 4, f.VoxelCount);
        Assert.Equal(36 * 0.5 * 0.8 * 2.0, f.VolumeMm3, 9);
        Assert.Equal(0.9f, f.MaxConfidence);
        Assert.Equal((0.6f + 0.9f + 0.7f) / 3, f.MeanConfidence, 5);
        Assert.Equal(((16 * -100.0) + (16 * 50.0) + (4 * 100.0)) / 36, f.MeanValue, 9);
        Assert.Equal(Math.Sqrt(Math.Pow(4 * 0.8, 2) + Math.Pow(4 * 0.5, 2)), f.LongestAxialDiameterMm, 9);
        Assert.Equal(new DicomAiNode.Vision.Decoding.PixelRect(2, 2, 7, 7), f.Bounds);
        Assert.Equal("nodule", f.ClassName);
        Assert.Contains(findings, x => x.ClassName == "cyst" && x.VoxelCount == 16);
    }

    [Fact]
    public void Instances_below_the_overlap_threshold_stay_separate()
    {
        var slices = new[] { Slice(0), Slice(1) };
        var a = new SliceInstance(0, 0, 0.6f, 0, 0, 0, 0, Block(20, 20, 0, 0, 10, 10));
        var b = new SliceInstance(1, 0, 0.6f, 0, 0, 0, 0, Block(20, 20, 9, 9, 10, 10)); // 1 px of 100 overlaps
        Assert.Equal(2, FindingLinker.Link(slices, [[a], [b]], ["x"], new PostProcessingOptions { MinLinkOverlap = 0.05 }).Count);
        Assert.Single(FindingLinker.Link(slices, [[a], [b]], ["x"], new PostProcessingOptions { MinLinkOverlap = 0.01 }));
    }

    [Fact]
    public void Overlapping_same_class_instances_on_one_slice_become_one_finding_with_the_union_mask()
    {
        var slices = new[] { Slice(0) };
        var a = new SliceInstance(0, 0, 0.6f, 0, 0, 0, 0, Block(20, 20, 0, 0, 4, 4));
        var b = new SliceInstance(0, 0, 0.8f, 0, 0, 0, 0, Block(20, 20, 2, 2, 4, 4));
        var c = new SliceInstance(0, 1, 0.8f, 0, 0, 0, 0, Block(20, 20, 2, 2, 4, 4));
        var findings = FindingLinker.Link(slices, [[a, b, c]], ["x", "y"], new PostProcessingOptions());
        Assert.Equal(2, findings.Count);
        var x = findings.Single(f => f.ClassId == 0);
        Assert.Equal(28, x.VoxelCount);
        Assert.Equal(0.8f, x.MaxConfidence);
    }

    [Fact]
    public void Findings_below_the_slice_count_or_confidence_minimum_are_dropped()
    {
        var slices = new[] { Slice(0), Slice(1) };
        var a = new SliceInstance(0, 0, 0.6f, 0, 0, 0, 0, Block(20, 20, 0, 0, 4, 4));
        var b = new SliceInstance(1, 0, 0.4f, 0, 0, 0, 0, Block(20, 20, 1, 1, 4, 4));
        var single = new SliceInstance(1, 0, 0.9f, 0, 0, 0, 0, Block(20, 20, 12, 12, 4, 4));
        Assert.Equal(2, FindingLinker.Link(slices, [[a], [b, single]], ["x"], new PostProcessingOptions()).Count);
        var twoSlices = Assert.Single(FindingLinker.Link(slices, [[a], [b, single]], ["x"], new PostProcessingOptions { MinSlices = 2 }));
        Assert.Equal(2, twoSlices.Slices.Count);
        Assert.Equal(0.9f, Assert.Single(FindingLinker.Link(slices, [[a], [b, single]], ["x"], new PostProcessingOptions { MinFindingConfidence = 0.7f })).MaxConfidence);
    }
}
