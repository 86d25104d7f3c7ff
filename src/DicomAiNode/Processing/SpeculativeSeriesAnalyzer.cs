namespace DicomAiNode.Processing;

/// <summary>
/// The node's <see cref="ISeriesAnalyzer"/>: the analysis <see cref="SpeculativeAnalysis"/> already ran (or is running)
/// on exactly this request when there is one, else <see cref="YoloeSeriesAnalyzer"/> now.
/// </summary>
public sealed class SpeculativeSeriesAnalyzer : ISeriesAnalyzer
{
    private readonly SpeculativeAnalysis _speculation;
    private readonly YoloeSeriesAnalyzer _inner;

    public SpeculativeSeriesAnalyzer(SpeculativeAnalysis speculation, YoloeSeriesAnalyzer inner)
    {
        _speculation = speculation;
        _inner = inner;
    }

    public async Task<SeriesAnalysis> AnalyzeAsync(SeriesAnalysisRequest request, CancellationToken cancellationToken)
    {
        if (_speculation.Take(request) is { } speculative)
        {
            try
            {
                return await speculative.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Cancelled or failed while speculating: analyse now, as without speculation.
            }
        }
        return await _inner.AnalyzeAsync(request, cancellationToken);
    }
}
