using System.Diagnostics;
using System.Globalization;
using DicomAiNode.Vision.Model;

namespace DicomAiNode.Benchmarks.Vision;

/// <summary>
/// The model's own time for a series, nothing else: the ONNX Runtime session runs ceil(SLICES / BATCH) batches of a
/// synthetic letterboxed input (a convolutional graph costs the same whatever the pixels), after one warm-up batch.
/// The end-to-end benchmark runs it right after the node, on the same machine, as the "model only" reference.
/// <code>dotnet run -c Release --project tests/DicomAiNode.Benchmarks -- model-only MODEL.onnx SLICES [BATCH=4] [THREADS=0] [SPINNING=true]</code>
/// </summary>
public static class ModelOnlyTiming
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: model-only MODEL.onnx SLICES [BATCH=4] [THREADS=0] [SPINNING=true]");
            return 2;
        }

        int slices = int.Parse(args[1], CultureInfo.InvariantCulture);
        int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        int threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        bool spinning = args.Length <= 4 || bool.Parse(args[4]); // ONNX Runtime's default: the model alone at its best
        using var model = new YoloeModelLoader(new InferenceOptions { IntraOpThreads = threads, AllowSpinning = spinning }).Load(args[0]);
        int runBatch = model.FixedBatch ?? batch;
        var input = new float[runBatch * 3 * model.InputHeight * model.InputWidth];
        // Grey letterbox padding (114/255) with a darker disc: roughly what a windowed chest slice looks like.
        input.AsSpan().Fill(114f / 255f);
        using (model.Run(input, runBatch))
        {
        }

        var clock = Stopwatch.StartNew();
        for (int done = 0; done < slices; done += runBatch)
        {
            using var output = model.Run(input, runBatch);
        }

        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"model_only_s\": {clock.Elapsed.TotalSeconds:0.00}, \"slices\": {slices}, \"batch\": {runBatch}, \"provider\": \"{model.ExecutionProvider}\"}}"));
        return 0;
    }
}
