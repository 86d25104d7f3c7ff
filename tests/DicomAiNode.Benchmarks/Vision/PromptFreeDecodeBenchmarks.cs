using BenchmarkDotNet.Attributes;
using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Benchmarks.Vision;

/// <summary>
/// Decoding one prompt-free-sized classic output <c>[1, 4+4585+32, 8400]</c> (155 MB of float32, contract §3.1):
/// the class-score scan over 38.5 M scores, candidate selection and NMS at conf 0.25. Scores are drawn like a
/// trained prompt-free head (almost all below 0.01), with 400 anchors scoring 0.3–0.9 on random classes.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PromptFreeDecodeBenchmarks
{
    private const int Classes = 4585;
    private const int Masks = 32;
    private const int Anchors = 8400;
    private float[] _output = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(42);
        int channels = 4 + Classes + Masks;
        _output = new float[channels * Anchors];
        for (int a = 0; a < Anchors; a++)
        {
            _output[a] = (float)(rnd.NextDouble() * 640);
            _output[Anchors + a] = (float)(rnd.NextDouble() * 640);
            _output[(2 * Anchors) + a] = 8 + (float)(rnd.NextDouble() * 120);
            _output[(3 * Anchors) + a] = 8 + (float)(rnd.NextDouble() * 120);
        }

        var scores = _output.AsSpan(4 * Anchors, Classes * Anchors);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)(rnd.NextDouble() * 0.01);
        }

        for (int k = 0; k < 400; k++)
        {
            scores[(rnd.Next(Classes) * Anchors) + rnd.Next(Anchors)] = 0.3f + (float)(rnd.NextDouble() * 0.6);
        }

        var coefficients = _output.AsSpan((4 + Classes) * Anchors);
        for (int i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = (float)((rnd.NextDouble() * 2) - 1);
        }
    }

    /// <summary>The memory-bound floor: one SIMD pass reading the 38.5 M class scores once.</summary>
    [Benchmark(Baseline = true)]
    public float ReadScoresOnce() => System.Numerics.Tensors.TensorPrimitives.Max(_output.AsSpan(4 * Anchors, Classes * Anchors));

    [Benchmark]
    public int Decode() =>
        ClassicDecoder.Decode(_output, 4 + Classes + Masks, Anchors, Masks, new DecodeOptions(), Threads).Count;
}
