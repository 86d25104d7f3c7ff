using System.Diagnostics;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Pipeline;
using DicomAiNode.Rules;
using DicomAiNode.Vision.Model;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.Preprocessing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// <c>Inference:WarmUp</c>: once the host has started, loads the model of every rule and segments a few synthetic
/// chest slices with the rule's options, so that the first study after a start finds the ONNX Runtime session
/// ready and the pipeline's code compiled. Without it, that first study pays the session's first runs and the JIT
/// (tier-0 code, then its recompilation on a background thread), CPU that competes with the model on a small
/// machine. A failure is logged and left to the first study, which reports it with its own error.
/// </summary>
public sealed partial class ModelWarmUp : BackgroundService
{
    /// <summary>Synthetic slices per model: two batches, so the overlapped stages all run.</summary>
    private const int Batches = 2;

    private const int Size = 512;

    private readonly YoloeModelRegistry _models;
    private readonly RuleSetProvider _rules;
    private readonly ComponentStatusBoard _status;
    private readonly NodeOptions _options;
    private readonly ILogger<ModelWarmUp> _logger;

    public ModelWarmUp(YoloeModelRegistry models, RuleSetProvider rules, ComponentStatusBoard status, IOptions<NodeOptions> options,
        ILogger<ModelWarmUp> logger)
    {
        _models = models;
        _rules = rules;
        _status = status;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Inference.WarmUp)
        {
            return;
        }

        await Task.Yield(); // let the host finish starting
        int batch = Math.Max(1, _options.Inference.BatchSize);
        var slices = SyntheticChest(Batches * batch);
        foreach (var rule in _rules.Current.Rules.DistinctBy(r => Path.GetFullPath(r.ModelPath)))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var model = _models.Get(rule.ModelPath);
                _status.Report(ComponentStatusBoard.Model, true, $"{Path.GetFileName(model.Path)} loaded ({model.ExecutionProvider})");
                var options = RuleSegmentationOptions.From(rule.Definition, batch);
                await new YoloeSegmenter(model).SegmentAsync(slices, options, cancellationToken: stoppingToken).ConfigureAwait(false);
                LogWarmedUp(_logger, rule.ModelPath, rule.Name, slices.Count, clock.Elapsed.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWarmUpFailed(_logger, e, rule.ModelPath, rule.Name);
            }
        }
    }

    /// <summary>CT-like slices in HU: air around a soft-tissue body with two lungs and a small nodule in one.</summary>
    internal static List<Slice> SyntheticChest(int count)
    {
        var hu = new float[Size * Size];
        for (int r = 0; r < Size; r++)
        {
            double y = (r - (Size / 2.0)) / (Size / 2.0);
            for (int c = 0; c < Size; c++)
            {
                double x = (c - (Size / 2.0)) / (Size / 2.0);
                bool body = (x * x / 0.81) + (y * y / 0.49) < 1;
                bool lung = ((Math.Abs(x) - 0.38) * (Math.Abs(x) - 0.38) / 0.06) + ((y + 0.05) * (y + 0.05) / 0.25) < 1;
                bool nodule = ((x + 0.35) * (x + 0.35)) + ((y + 0.1) * (y + 0.1)) < 0.002;
                hu[(r * Size) + c] = !body ? -1000f : nodule ? 40f : lung ? -850f : 45f;
            }
        }

        return Enumerable.Range(0, count).Select(k => new Slice(hu, Size, Size, 0.7, 0.7, 1.5, k * 1.5)).ToList();
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Warmed up {Model} (rule {Rule}) on {Slices} synthetic slices in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, string model, string rule, int slices, double milliseconds);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Warm-up of {Model} (rule {Rule}) failed; the first study will retry the model")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception, string model, string rule);
}
