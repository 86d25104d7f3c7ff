using DicomAiNode.Pipeline;
using DicomAiNode.Tests.Support;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Tests.Pipeline;

public sealed class StreamedSegmentationTests
{
    [Fact]
    public async Task Streaming_a_phantom_from_its_files_gives_the_findings_of_the_whole_series_in_memory()
    {
        using var folder = new TempFolder();
        var input = await Phantom.GenerateAsync(folder.File("in"), seed: 7, slices: 40, size: 256, thickness: 2);
        var files = Assert.Single(DicomSeriesLoader.Load(input).Series);
        var series = files.Open(Assert.Single(files.Layout.Stacks));
        var modelPath = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(modelPath)) Assert.Fail($"{modelPath} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        using var model = new YoloeModelLoader(new InferenceOptions { IntraOpThreads = 1 }).Load(modelPath);
        var options = new SegmentationOptions { BatchSize = 4, PostProcessing = new PostProcessingOptions { Constraints = [AnatomicalConstraint.Lungs(model.Names)] } };

        // Before streaming: every HU slice of the series in memory, the mean HU of a finding read from the slices' pixels.
        var slices = SliceConverter.ToSlices(series);
        var inMemory = await new YoloeSegmenter(model).SegmentAsync(slices, options);
        var fromPixels = FindingLinker.Link(slices, inMemory.Slices.Select(s => s.Instances).ToList(), inMemory.ClassNames, options.PostProcessing);
        // Streamed: slices read from their files batch by batch, the mean HU from the values kept under each mask.
        // Its pixel buffers are pooled: a second run on the same source reuses the buffers the first one released.
        var source = new DicomSliceSource(series);
        var streamed = await new YoloeSegmenter(model).SegmentAsync(source, options);
        var again = await new YoloeSegmenter(model).SegmentAsync(source, options);

        Assert.NotEmpty(streamed.Findings);
        Assert.Equal(Describe(fromPixels), Describe(inMemory.Findings));
        Assert.Equal(Describe(inMemory.Findings), Describe(streamed.Findings));
        Assert.Equal(Describe(streamed.Findings), Describe(again.Findings));
        Assert.Equal(inMemory.Slices.Select(s => s.RawDetections), streamed.Slices.Select(s => s.RawDetections));
        Assert.All(streamed.Findings, f => Assert.InRange(f.MeanValue, -1100, 3000));
    }

    [Fact]
    public async Task Released_slices_give_their_buffer_back_once_and_rereading_gives_the_same_values()
    {
        using var folder = new TempFolder();
        var input = await Phantom.GenerateAsync(folder.File("in"), seed: 3, slices: 3, size: 64, thickness: 2);
        var files = Assert.Single(DicomSeriesLoader.Load(input).Series);
        var series = files.Open(Assert.Single(files.Layout.Stacks));
        var expected = SliceConverter.ToSlices(series);
        var source = new DicomSliceSource(series);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < source.Count; i++)
            {
                var slice = source.Read(i, CancellationToken.None);
                Assert.Equal(expected[i].Pixels.ToArray(), slice.Pixels.ToArray());
                source.Release(slice);
                source.Release(slice); // a second release must not hand the same buffer out twice
            }
        }

        var foreign = expected[0];
        source.Release(foreign); // not from this source: left alone
        Assert.Equal(SliceConverter.ToSlices(series)[0].Pixels.ToArray(), foreign.Pixels.ToArray());
        var a = source.Read(0, CancellationToken.None);
        var b = source.Read(1, CancellationToken.None);
        Assert.False(a.Pixels.Span.Overlaps(b.Pixels.Span));
    }

    private static List<string> Describe(IReadOnlyList<Finding3D> findings) =>
        findings.Select(f => FormattableString.Invariant(
            $"{f.ClassName} slices {string.Join(',', f.Slices.Select(s => s.SliceIndex))} voxels {f.VoxelCount} volume {f.VolumeMm3:R} diameter {f.LongestAxialDiameterMm:R} mean {f.MeanValue:R} confidence {f.MaxConfidence:R}"))
            .ToList();
}
