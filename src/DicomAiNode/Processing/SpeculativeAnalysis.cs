using System.Collections.Concurrent;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// Runs the analysis of a quiet series while its study waits out the stable age (<c>Inference:SpeculateAfterSeconds</c>):
/// a series of a receiving study that has had no instance for that long is read, its stacks matched to the rules,
/// and each matching rule's analysis started on exactly those instances. When the study becomes ready,
/// <see cref="SpeculativeSeriesAnalyzer"/> hands the processor the finished (or still running) analysis if the rule
/// and the instances are the same; otherwise the model runs as usual. A new instance in the series cancels its
/// speculation. Nothing is audited, indexed or sent from here: the study processor still decides, audits and
/// records everything once the study is ready, so the results and the audit trail are those of a normal run.
/// </summary>
public sealed class SpeculativeAnalysis : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly StudyRepository _studies;
    private readonly RuleSetProvider _rules;
    private readonly ISeriesAnalyzer _inner;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SpeculativeAnalysis> _logger;
    private readonly ConcurrentDictionary<string, SeriesSpeculation> _bySeries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _one = new(1, 1); // one analysis at a time: the model already uses every core
    private int _used;

    public SpeculativeAnalysis(StudyRepository studies, RuleSetProvider rules, YoloeSeriesAnalyzer inner, IOptions<NodeOptions> options,
        TimeProvider time, ILogger<SpeculativeAnalysis> logger)
    {
        _studies = studies;
        _rules = rules;
        _inner = inner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Analyses taken over by a ready study (for tests and metrics).</summary>
    public int Used => _used;

    /// <summary>The speculative analysis of this exact request, if one was started; removed once taken.</summary>
    internal Task<SeriesAnalysis>? Take(SeriesAnalysisRequest request)
    {
        if (!_bySeries.TryGetValue(request.Series.OrderedInstances[0].SeriesInstanceUid, out var speculation))
        {
            return null;
        }
        if (!speculation.Analyses.TryRemove(Key(request), out var analysis))
        {
            return null;
        }
        Interlocked.Increment(ref _used);
        return analysis;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Inference.SpeculateAfterSeconds <= 0 || _options.Inference.SpeculateAfterSeconds >= _options.StableAgeSeconds)
        {
            return; // off, or the study would be ready before any series had been quiet that long
        }
        var quiet = TimeSpan.FromSeconds(_options.Inference.SpeculateAfterSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(quiet, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Speculation is an optimisation: a failure here only means the study is analysed when it is ready.
                Log.SpeculationScanFailed(_logger, e);
            }
            await Task.Delay(Poll, _time, stoppingToken);
        }
    }

    private async Task ScanAsync(TimeSpan quiet, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var receiving = await _studies.ListStudiesAsync(StudyState.Receiving, ct);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in receiving)
        {
            foreach (var series in await _studies.ListSeriesAsync(study.StudyInstanceUid, ct))
            {
                live.Add(series.SeriesInstanceUid);
                string signature = $"{series.InstanceCount}|{series.LastReceivedAt.UtcTicks}";
                if (_bySeries.TryGetValue(series.SeriesInstanceUid, out var existing))
                {
                    if (existing.Signature == signature) continue;
                    existing.Cancel(); // new instances arrived: what was analysed is not the series any more
                    _bySeries.TryRemove(series.SeriesInstanceUid, out _);
                }
                if (now - series.LastReceivedAt < quiet || !series.NeedsProcessing) continue;
                var speculation = new SeriesSpeculation(signature, now);
                _bySeries[series.SeriesInstanceUid] = speculation;
                _ = Task.Run(() => StartAsync(series, speculation, ct), CancellationToken.None);
            }
        }
        // Studies that became ready keep their entries until the processor takes them; drop those of studies that
        // are gone from both lists (processed, or never matched) after a while.
        foreach (var (uid, speculation) in _bySeries)
        {
            if (!live.Contains(uid) && now - speculation.Started > TimeSpan.FromSeconds(_options.StableAgeSeconds) + TimeSpan.FromMinutes(5))
            {
                speculation.Cancel();
                _bySeries.TryRemove(uid, out _);
            }
        }
    }

    private async Task StartAsync(SeriesRecord series, SeriesSpeculation speculation, CancellationToken ct)
    {
        try
        {
            await _one.WaitAsync(speculation.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await AnalyzeStacksAsync(series, speculation, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SpeculationFailed(_logger, e, series.SeriesInstanceUid);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task AnalyzeStacksAsync(SeriesRecord series, SeriesSpeculation speculation, CancellationToken ct)
    {
        var instances = await _studies.ListInstancesAsync(series.SeriesInstanceUid, ct);
        if (instances.Count == 0) return;
        var layout = await SeriesHeaderReader.ReadAsync(series, instances, instances[0].CallingAeTitle, ct);
        if (layout.Problem is not null) return;
        var rules = _rules.Current;
        foreach (var stack in layout.Stacks)
        {
            if (stack.GeometryProblem is not null) continue;
            foreach (var match in RuleMatcher.Evaluate(rules, stack.Attributes).Where(e => e.IsMatch))
            {
                var output = Path.Combine(_options.DataFolderPath, "results", series.StudyInstanceUid, series.SeriesInstanceUid, match.Rule.Name);
                var request = new SeriesAnalysisRequest(match.Rule, rules.Codes, stack, output);
                var analysis = _inner.AnalyzeAsync(request, speculation.Token);
                speculation.Analyses[Key(request)] = analysis;
                try
                {
                    await analysis.WaitAsync(ct);
                    Log.SpeculationDone(_logger, series.SeriesInstanceUid, match.Rule.Name);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Cancelled by a new instance, or failed: the processor finds no usable result and runs it itself.
                    speculation.Analyses.TryRemove(Key(request), out _);
                }
            }
        }
    }

    /// <summary>The same rule object (a reload makes a new one), the same instances in the same order, the same output.</summary>
    private static string Key(SeriesAnalysisRequest request) =>
        $"{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(request.Rule)}|{request.Rule.Name}|{request.OutputFolder}|"
        + string.Join('\\', request.Series.OrderedInstances.Select(i => i.SopInstanceUid));

    private sealed class SeriesSpeculation(string signature, DateTimeOffset started)
    {
        private readonly CancellationTokenSource _cancel = new();

        public string Signature { get; } = signature;

        public DateTimeOffset Started { get; } = started;

        public ConcurrentDictionary<string, Task<SeriesAnalysis>> Analyses { get; } = new(StringComparer.Ordinal);

        public CancellationToken Token => _cancel.Token;

        public void Cancel() => _cancel.Cancel();
    }
}
