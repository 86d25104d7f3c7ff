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
        var series = Assert.Single(DicomSeriesLoader.Load(input).Series);
        var modelPath = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(modelPath)) Assert.Fail($"{modelPath} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        using var model = new YoloeModelLoader(new InferenceOptions { IntraOpThreads = 1 }).Load(modelPath);
        var options = new SegmentationOptions { BatchSize = 4, PostProcessing = new PostProcessingOptions { Constraints = [AnatomicalConstraint.Lungs(model.Names)] } };

        // Before streaming: every HU slice of the series in memory, the mean HU of a finding read from the slices' pixels.
        var slices = SliceConverter.ToSlices(series);
        var inMemory = await new YoloeSegmenter(model).SegmentAsync(slices, options);
        var fromPixels = FindingLinker.Link(slices, inMemory.Slices.Select(s => s.Instances).ToList(), inMemory.ClassNames, options.PostProcessing);
        // Streamed: slices read from their files batch by batch, the mean HU from the values kept under each mask.
        var streamed = await new YoloeSegmenter(model).SegmentAsync(new DicomSliceSource(series), options);

        Assert.NotEmpty(streamed.Findings);
        Assert.Equal(Describe(fromPixels), Describe(inMemory.Findings));
        Assert.Equal(Describe(inMemory.Findings), Describe(streamed.Findings));
        Assert.Equal(inMemory.Slices.Select(s => s.RawDetections), streamed.Slices.Select(s => s.RawDetections));
        Assert.All(streamed.Findings, f => Assert.InRange(f.MeanValue, -1100, 3000));
    }

    private static List<string> Describe(IReadOnlyList<Finding3D> findings) =>
        findings.Select(f => FormattableString.Invariant(
            $"{f.ClassName} slices {string.Join(',', f.Slices.Select(s => s.SliceIndex))} voxels {f.VoxelCount} volume {f.VolumeMm3:R} diameter {f.LongestAxialDiameterMm:R} mean {f.MeanValue:R} confidence {f.MaxConfidence:R}"))
            .ToList();
}
