using System.Globalization;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Benchmarks.Vision;

/// <summary>
/// Per-slice time of a whole <see cref="YoloeSegmenter"/> run split into preprocessing, model, decoding (NMS and
/// masks) and post-processing (2D clean-up), at several batch sizes. A model run of a large graph takes seconds, too
/// long for BenchmarkDotNet's iterations, so this runs each batch size on a series of synthetic CT slices after one
/// warm-up batch and reports the segmenter's own stage timings.
/// <code>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- vision-stages MODEL.onnx [--batches 1,8,16] [--slices 16] [--size 512] [--threads 0]</code>
/// </summary>
public static class SegmentationStageTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: vision-stages MODEL.onnx [--batches 1,8,16] [--slices 16] [--size 512] [--threads 0]");
            return 2;
        }

        string model = args[0];
        int[] batches = [1, 8, 16];
        int slices = 16, size = 512, threads = 0;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--batches": batches = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--slices": slices = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        using var yoloe = new YoloeModelLoader(new InferenceOptions { IntraOpThreads = threads }).Load(model);
        var segmenter = new YoloeSegmenter(yoloe);
        var series = SyntheticChest(slices, size);
        Console.WriteLine($"model {model}: {yoloe.Layout}, input {yoloe.InputHeight}x{yoloe.InputWidth}, {yoloe.Names.Count} classes, {yoloe.ExecutionProvider}, intra-op threads {threads} (0 = ORT default)");
        Console.WriteLine($"series: {slices} synthetic CT slices {size}x{size}, windows from the model metadata or lung; {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine("| batch | preprocess ms/slice | model ms/slice | decode ms/slice | post ms/slice | (pre+decode+post)/model | detections/slice |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int batch in batches)
        {
            var options = new SegmentationOptions { BatchSize = batch };
            await segmenter.SegmentAsync(series.Take(Math.Min(batch, slices)).ToList(), options); // warm-up
            var result = await segmenter.SegmentAsync(series, options);
            double pre = result.Slices.Average(s => s.Timing.PreprocessMs);
            double run = result.Slices.Average(s => s.Timing.ModelMs);
            double dec = result.Slices.Average(s => s.Timing.DecodeMs);
            double post = result.Slices.Average(s => s.Timing.PostProcessMs);
            double det = result.Slices.Average(s => s.RawDetections);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {batch} | {pre:F2} | {run:F1} | {dec:F2} | {post:F2} | {(pre + dec + post) / run * 100:F1} % | {det:F0} |"));
        }

        return 0;
    }

    /// <summary>Chest-like HU slices: air, a body ellipse of soft tissue, two lungs, a nodule, Gaussian-ish noise.</summary>
    internal static List<Slice> SyntheticChest(int count, int size)
    {
        var rnd = new Random(11);
        var list = new List<Slice>(count);
        for (int k = 0; k < count; k++)
        {
            var hu = new float[size * size];
            for (int r = 0; r < size; r++)
            {
                double y = (r - (size / 2.0)) / (size / 2.0);
                for (int c = 0; c < size; c++)
                {
                    double x = (c - (size / 2.0)) / (size / 2.0);
                    double body = (x * x / 0.81) + (y * y / 0.49);
                    double lungL = (Math.Pow(x + 0.38, 2) / 0.06) + (Math.Pow(y + 0.05, 2) / 0.25);
                    double lungR = (Math.Pow(x - 0.38, 2) / 0.06) + (Math.Pow(y + 0.05, 2) / 0.25);
                    double nodule = Math.Pow(x + 0.35, 2) + Math.Pow(y + 0.1 - (k * 0.002), 2);
                    float v = body > 1 ? -1000f : nodule < 0.002 ? 40f : lungL < 1 || lungR < 1 ? -850f : 45f;
                    hu[(r * size) + c] = v + (float)((rnd.NextDouble() + rnd.NextDouble() - 1) * 20);
                }
            }

            list.Add(new Slice(hu, size, size, 0.7, 0.7, 2.5, k * 2.5));
        }

        return list;
    }
}
