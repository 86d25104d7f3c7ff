using BenchmarkDotNet.Running;
using DicomAiNode.Benchmarks.Parsing;

namespace DicomAiNode.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*'</c>;
/// <c>-- vision-stages MODEL.onnx</c> runs the segmentation stage timing instead; <c>-- model-only MODEL.onnx SLICES</c>
/// times the model alone (the end-to-end benchmark's reference);
/// <c>-- parse-headers DIR [PASSES]</c> times header parsing of a folder without BenchmarkDotNet (see scripts/bench).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "vision-stages")
        {
            return await Vision.SegmentationStageTiming.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "model-only")
        {
            return Vision.ModelOnlyTiming.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == "parse-headers")
        {
            return HeaderParsingRun.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
