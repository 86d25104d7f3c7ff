using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Outbox;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// Processes one ready study: for each series not yet covered, reads its headers, splits a mixed series into stacks
/// of one geometry (audited), matches the rules per stack (audited with the reasons), refuses what cannot form a
/// volume (audited), runs every matching rule as a job (state in SQLite), puts
/// the results into the outbox for the rule's destinations and audits inference and results. A series is marked
/// processed only after its results are in the outbox, so a crash at any point re-runs it, producing the same UIDs.
/// </summary>
public sealed class StudyProcessor
{
    private readonly StudyRepository _studies;
    private readonly JobRepository _jobs;
    private readonly RuleSetProvider _rules;
    private readonly ISeriesAnalyzer _analyzer;
    private readonly ResultOutbox _outbox;
    private readonly AuditLog _audit;
    private readonly NodeMetrics _metrics;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StudyProcessor> _logger;

    public StudyProcessor(StudyRepository studies, JobRepository jobs, RuleSetProvider rules, ISeriesAnalyzer analyzer, ResultOutbox outbox, AuditLog audit,
        NodeMetrics metrics, IOptions<NodeOptions> options, TimeProvider time, ILogger<StudyProcessor> logger)
    {
        _studies = studies;
        _jobs = jobs;
        _rules = rules;
        _analyzer = analyzer;
        _outbox = outbox;
        _audit = audit;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Processes a study claimed with <see cref="StudyRepository.ClaimReadyAsync"/> and ends its processing state.</summary>
    public async Task ProcessAsync(StudyRecord study, CancellationToken cancellationToken)
    {
        string uid = study.StudyInstanceUid;
        var failures = new List<string>();
        var series = await _studies.ListSeriesToProcessAsync(uid, cancellationToken);
        Log.ProcessingStudy(_logger, uid, series.Count);
        foreach (var s in series)
        {
            try
            {
                await ProcessSeriesAsync(s, failures, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Reading the series failed (a spooled file vanished or is unreadable): the study fails, others go on.
                Log.AnalysisFailed(_logger, e, "-", s.SeriesInstanceUid);
                _metrics.Failures.Inc("pipeline");
                failures.Add($"series {s.SeriesInstanceUid}: {e.Message}");
                await _audit.WriteAsync(AuditEvents.Error(uid, "pipeline", $"series {s.SeriesInstanceUid}: {e.Message}"), cancellationToken);
            }
        }
        var finalState = await _studies.CompleteProcessingAsync(uid, failures.Count == 0, failures.Count == 0 ? null : string.Join("; ", failures),
            _time.GetUtcNow(), cancellationToken);
        Log.StudyProcessed(_logger, uid, finalState);
    }

    private async Task ProcessSeriesAsync(SeriesRecord series, List<string> failures, CancellationToken ct)
    {
        string study = series.StudyInstanceUid;
        var instances = await _studies.ListInstancesAsync(series.SeriesInstanceUid, ct);
        if (instances.Count == 0)
        {
            await _studies.MarkSeriesProcessedAsync(series.SeriesInstanceUid, series.LastReceivedAt, ct);
            return;
        }
        var layout = await SeriesHeaderReader.ReadAsync(series, instances, instances[0].CallingAeTitle, ct);
        var rules = _rules.Current;
        if (layout.Problem is { } problem)
        {
            // Not stackable at all: the rules still say whether anyone wanted it, and the refusal is audited.
            if (await MatchAsync(study, series.SeriesInstanceUid, layout.Attributes, rules, ct) is { Count: > 0 })
            {
                await RefuseAsync(study, series.SeriesInstanceUid, problem, ct);
            }
            await _studies.MarkSeriesProcessedAsync(series.SeriesInstanceUid, series.LastReceivedAt, ct);
            return;
        }
        if (layout.SplitReason is { } reason)
        {
            Log.SeriesSplit(_logger, series.SeriesInstanceUid, layout.Stacks.Count, reason);
            await _audit.WriteAsync(AuditEvents.SeriesSplit(study, series.SeriesInstanceUid, reason,
                layout.Stacks.Select(s => (s.StackDescription!, s.OrderedInstances.Count))), ct);
        }
        foreach (var stack in layout.Stacks)
        {
            await ProcessStackAsync(study, series.SeriesInstanceUid, stack, rules, failures, ct);
        }
        await _studies.MarkSeriesProcessedAsync(series.SeriesInstanceUid, series.LastReceivedAt, ct);
    }

    /// <summary>The rules matching <paramref name="attributes"/>, audited (matched with the passed criteria, or none with every rule's failed ones).</summary>
    private async Task<List<RuleEvaluation>> MatchAsync(string study, string series, SeriesAttributes attributes, RuleSet rules, CancellationToken ct)
    {
        var evaluations = RuleMatcher.Evaluate(rules, attributes);
        var matching = evaluations.Where(e => e.IsMatch).ToList();
        if (matching.Count == 0)
        {
            Log.NoRuleMatched(_logger, series);
            await _audit.WriteAsync(AuditEvents.NoRuleMatched(study, series,
                evaluations.ToDictionary(e => e.Rule.Name, e => e.Reasons, StringComparer.Ordinal)), ct);
        }
        foreach (var match in matching)
            await _audit.WriteAsync(AuditEvents.RuleMatched(study, series, match.Rule.Name, match.Reasons), ct);
        return matching;
    }

    private async Task RefuseAsync(string study, string series, string problem, CancellationToken ct)
    {
        Log.SeriesRefused(_logger, series, problem);
        await _audit.WriteAsync(AuditEvents.Error(study, "geometry", $"series {series} refused: {problem}") with { Outcome = AuditOutcome.Rejected }, ct);
    }

    /// <summary>Runs every matching rule on one stack (the whole series unless it was split) as a job.</summary>
    private async Task ProcessStackAsync(string study, string series, SeriesHeaders stack, RuleSet rules, List<string> failures, CancellationToken ct)
    {
        var matching = await MatchAsync(study, series, stack.Attributes, rules, ct);
        if (matching.Count == 0) return;
        if (stack.GeometryProblem is { } problem)
        {
            await RefuseAsync(study, series, stack.StackDescription is { } d ? $"{d}: {problem}" : problem, ct);
            return;
        }

        foreach (var match in matching)
        {
            var rule = match.Rule;
            // Jobs are unique per (series, rule name): a stack of a split series is its own job.
            string jobName = stack.StackKey is null ? rule.Name : $"{rule.Name} [{stack.StackKey}]";
            long job = await _jobs.SchedulePendingAsync(study, series, jobName, _time.GetUtcNow(), ct);
            await _jobs.StartAsync(job, _time.GetUtcNow(), ct);
            try
            {
                var output = Path.Combine(_options.ResultsFolderPath, study, series, rule.Name);
                var analysis = await _analyzer.AnalyzeAsync(new SeriesAnalysisRequest(rule, rules.Codes, stack, output), ct);
                await RecordAsync(study, series, rule, job, analysis, ct);
                await _jobs.CompleteAsync(job, _time.GetUtcNow(), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.AnalysisFailed(_logger, e, rule.Name, series);
                _metrics.Failures.Inc("inference");
                failures.Add($"rule '{rule.Name}' on series {series}: {e.Message}");
                await _jobs.FailAsync(job, e.Message, _time.GetUtcNow(), CancellationToken.None);
                await _audit.WriteAsync(AuditEvents.Error(study, "inference", $"rule '{rule.Name}' on series {series}: {e.Message}"), ct);
            }
        }
    }

    private async Task RecordAsync(string study, string series, CompiledRule rule, long job, SeriesAnalysis analysis, CancellationToken ct)
    {
        if (analysis.Slices > 0)
        {
            double perSlice = analysis.ModelTime.TotalSeconds / analysis.Slices;
            for (int i = 0; i < analysis.Slices; i++) _metrics.InferenceLatency.Observe(perSlice, analysis.Model);
        }
        await _audit.WriteAsync(AuditEvents.Inference(study, series, rule.Name, analysis.Model, analysis.Classes, analysis.Slices,
            analysis.Findings, analysis.ModelTime, analysis.Total, analysis.ExecutionProvider, analysis.StageMs), ct);
        await _audit.WriteAsync(AuditEvents.ResultsProduced(study, series, rule.Name, analysis.Results.Select(r => r.SopInstanceUid)), ct);
        var requests = rule.Definition.Destinations
            .SelectMany(destination => analysis.Results.Select(r => new OutboxRequest(study, destination, r.Path, r.SopInstanceUid, job)))
            .ToList();
        await _outbox.EnqueueAsync(requests, ct);
        Log.SeriesAnalyzed(_logger, rule.Name, series, analysis.Findings, analysis.Slices, analysis.Total.TotalMilliseconds, analysis.ModelTime.TotalMilliseconds,
            analysis.ExecutionProvider, analysis.Results.Count, rule.Definition.Destinations);
    }
}
