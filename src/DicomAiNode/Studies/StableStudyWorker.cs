using DicomAiNode.Observability;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomAiNode.Studies;

/// <summary>
/// Runs <see cref="StableStudyDetector"/>: sleeps until the oldest receiving study is due, but at most
/// <see cref="MaxSleep"/> so that studies begun meanwhile are seen in time.
/// </summary>
public sealed class StableStudyWorker : BackgroundService
{
    public static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);

    private readonly StableStudyDetector _detector;
    private readonly TimeProvider _time;
    private readonly ILogger<StableStudyWorker> _logger;

    public StableStudyWorker(StableStudyDetector detector, TimeProvider time, ILogger<StableStudyWorker> logger)
    {
        _detector = detector;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep = MaxSleep;
            try
            {
                await _detector.PromoteStableStudiesAsync(stoppingToken);
                var next = await _detector.TimeUntilNextAsync(stoppingToken);
                if (next is { } n && n < MaxSleep) sleep = n + TimeSpan.FromMilliseconds(5);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.StabilityCheckFailed(_logger, e);
            }
            try
            {
                await Task.Delay(sleep, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
