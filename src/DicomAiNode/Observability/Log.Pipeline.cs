using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 3000–3099: the pipeline (rules, geometry, analysis, results).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Processing study {StudyInstanceUid}: {SeriesCount} series to process")]
    public static partial void ProcessingStudy(ILogger logger, string studyInstanceUid, int seriesCount);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Series {SeriesInstanceUid} matches no rule")]
    public static partial void NoRuleMatched(ILogger logger, string seriesInstanceUid);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Series {SeriesInstanceUid} refused: {Reason}")]
    public static partial void SeriesRefused(ILogger logger, string seriesInstanceUid, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Rule '{Rule}' on series {SeriesInstanceUid}: {Findings} findings on {Slices} slices in {TotalMs:0} ms (model {ModelMs:0} ms, {Provider}); {Results} results to {Destinations}")]
    public static partial void SeriesAnalyzed(ILogger logger, string rule, string seriesInstanceUid, int findings, int slices, double totalMs, double modelMs, string provider, int results, IReadOnlyList<string> destinations);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Rule '{Rule}' on series {SeriesInstanceUid} failed")]
    public static partial void AnalysisFailed(ILogger logger, Exception exception, string rule, string seriesInstanceUid);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Study {StudyInstanceUid} processed: {State}")]
    public static partial void StudyProcessed(ILogger logger, string studyInstanceUid, DicomAiNode.Storage.StudyState state);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Processing study {StudyInstanceUid} failed")]
    public static partial void StudyFailed(ILogger logger, Exception exception, string studyInstanceUid);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Series {SeriesInstanceUid} split into {Stacks} stacks: {Reason}")]
    public static partial void SeriesSplit(ILogger logger, string seriesInstanceUid, int stacks, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Speculative analysis of series {SeriesInstanceUid} with rule '{Rule}' finished before its study was ready")]
    public static partial void SpeculationDone(ILogger logger, string seriesInstanceUid, string rule);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Speculative analysis of series {SeriesInstanceUid} failed; the series is analysed when its study is ready")]
    public static partial void SpeculationFailed(ILogger logger, Exception exception, string seriesInstanceUid);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Speculative analysis scan failed")]
    public static partial void SpeculationScanFailed(ILogger logger, Exception exception);
}
