namespace DicomAiNode.Processing;

/// <summary>Runs one rule's model on one consistent series and writes its results (SEG, SR) as Part 10 files.</summary>
public interface ISeriesAnalyzer
{
    Task<SeriesAnalysis> AnalyzeAsync(SeriesAnalysisRequest request, CancellationToken cancellationToken);
}
