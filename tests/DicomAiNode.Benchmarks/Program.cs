using BenchmarkDotNet.Running;

namespace DicomAiNode.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- --filter '*'</c>;
/// <c>-- vision-stages MODEL.onnx</c> runs the segmentation stage timing instead.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "vision-stages")
        {
            return await Vision.SegmentationStageTiming.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
