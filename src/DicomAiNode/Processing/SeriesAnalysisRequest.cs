using DicomAiNode.Rules;

namespace DicomAiNode.Processing;

/// <summary>What <see cref="ISeriesAnalyzer"/> works on: the rule (with the code book of its rule set), the series' instances in slice order, and where results go.</summary>
public sealed record SeriesAnalysisRequest(CompiledRule Rule, CodeBook Codes, SeriesHeaders Series, string OutputFolder);
