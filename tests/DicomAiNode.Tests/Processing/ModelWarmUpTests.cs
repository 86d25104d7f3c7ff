using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Pipeline;
using DicomAiNode.Processing;
using DicomAiNode.Rules;
using DicomAiNode.Tests.Support;
using DicomAiNode.Vision.Model;
using Microsoft.Extensions.Logging;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Processing;

public sealed class ModelWarmUpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Synthetic_series_reads_as_CT_in_HU()
    {
        var series = ModelWarmUp.SyntheticChest(2);
        var source = new DicomSliceSource(series);
        var slice = source.Read(1, CancellationToken.None);
        Assert.Equal((512, 512, 0.7, 1.5), (slice.Rows, slice.Columns, slice.RowSpacing, slice.Thickness));
        var hu = slice.Pixels.Span;
        Assert.Equal(-1000f, hu[0]); // air outside the body
        Assert.Equal(45f, hu[(256 * 512) + 256]); // soft tissue between the lungs
        Assert.Equal(-850f, hu[(243 * 512) + 159]); // right lung
    }

    [Fact]
    public async Task Warm_up_loads_the_rule_model_and_runs_the_whole_series_inference()
    {
        var modelPath = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        if (!File.Exists(modelPath)) Assert.Fail($"{modelPath} is missing: it is trained by scripts/train_phantom_model.py (see models/README.md)");
        var options = TestNode.Options(_folder);
        File.Copy(modelPath, _folder.File("models/phantom-yoloe-seg.onnx"), overwrite: true);
        var (log, status) = await WarmUpAsync(options);
        Assert.Contains(log.Entries, e => e.Id.Id == 4120 && e.Message.Contains("8 synthetic CT slices", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.True(status.Get(ComponentStatusBoard.Model).Healthy);
    }

    [Fact]
    public async Task Unloadable_model_is_a_warning_and_left_to_the_first_study()
    {
        var options = TestNode.Options(_folder); // the model file is a placeholder
        var (log, status) = await WarmUpAsync(options);
        Assert.Contains(log.Entries, e => e.Id.Id == 4121 && e.Level == LogLevel.Warning);
        Assert.False(status.Get(ComponentStatusBoard.Model).Healthy);
    }

    private static async Task<(ListLogger<ModelWarmUp> Log, ComponentStatusBoard Status)> WarmUpAsync(NodeOptions options)
    {
        options.Inference.WarmUp = true;
        options.Inference.IntraOpThreads = 1;
        var log = new ListLogger<ModelWarmUp>();
        var status = new ComponentStatusBoard();
        using var models = new YoloeModelRegistry(new YoloeModelLoader(new Vision.Model.InferenceOptions { IntraOpThreads = 1 }));
        var rules = new RuleSetProvider(MsOptions.Create(options), TimeProvider.System, new ListLogger<RuleSetProvider>());
        using var warmUp = new ModelWarmUp(models, rules, status, MsOptions.Create(options), log);
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        return (log, status);
    }
}
