using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;
using DicomAiNode.Studies;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Processing;

/// <summary>
/// Takes ready studies and processes them, <c>Concurrency:Pipelines</c> at a time; woken by
/// <see cref="ReadyStudySignal"/>, polling every second otherwise. A study interrupted by shutdown stays in
/// 'processing' and is put back to 'ready' at the next start.
/// </summary>
public sealed class PipelineWorker : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly StudyRepository _studies;
    private readonly StudyProcessor _processor;
    private readonly ReadyStudySignal _ready;
    private readonly NodeOptions _options;
    private readonly ILogger<PipelineWorker> _logger;

    public PipelineWorker(StudyRepository studies, StudyProcessor processor, ReadyStudySignal ready, IOptions<NodeOptions> options, ILogger<PipelineWorker> logger)
    {
        _studies = studies;
        _processor = processor;
        _ready = ready;
        _options = options.Value;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Concurrency.Pipelines)).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            StudyRecord? study = null;
            try
            {
                study = await _studies.ClaimReadyAsync(stoppingToken);
                if (study is null)
                {
                    await _ready.WaitAsync(Poll, stoppingToken);
                    continue;
                }
                await _processor.ProcessAsync(study, stoppingToken);
                _ready.Pulse(); // another loop may be waiting while more studies are ready
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.StudyFailed(_logger, e, study?.StudyInstanceUid ?? "-");
                try
                {
                    if (study is not null) await _studies.CompleteProcessingAsync(study.StudyInstanceUid, false, e.Message, DateTimeOffset.UtcNow, stoppingToken);
                }
                catch (Exception again) when (again is not OperationCanceledException)
                {
                    Log.StudyFailed(_logger, again, study!.StudyInstanceUid);
                }
                try
                {
                    await Task.Delay(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
