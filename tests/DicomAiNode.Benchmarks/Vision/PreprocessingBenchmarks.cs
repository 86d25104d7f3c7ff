using BenchmarkDotNet.Attributes;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Benchmarks.Vision;

/// <summary>
/// One 512×512 CT slice (HU) into one model input <c>[3,S,S]</c>: three windows, letterbox (bilinear), /255.
/// S = 256 (the phantom model) and 640 (Ultralytics default).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PreprocessingBenchmarks
{
    private Slice _slice = null!;
    private float[] _destination = [];
    private readonly WindowPreset[] _three = [WindowPreset.Lung, WindowPreset.Mediastinum, WindowPreset.Bone];

    [Params(256, 640)]
    public int InputSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _slice = SegmentationStageTiming.SyntheticChest(1, 512)[0];
        _destination = new float[3 * InputSize * InputSize];
    }

    [Benchmark]
    public int ThreeWindows() => SlicePreprocessor.Fill(_slice, _three, InputSize, InputSize, _destination).Top;

    [Benchmark]
    public int OneWindowReplicated() => SlicePreprocessor.Fill(_slice, [WindowPreset.Lung], InputSize, InputSize, _destination).Top;
}
