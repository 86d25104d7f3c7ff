using DicomAiNode.Configuration;
using DicomAiNode.Observability;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Studies;

/// <summary>
/// Runs <see cref="StudyRetention"/> at start and every <c>Retention:CheckIntervalMinutes</c>; a check that stopped
/// at its limit is followed by the next one after <see cref="BacklogPause"/>, so a backlog (a node started after a long
/// time, or retention just lowered) drains in bounded steps without holding the database for long.
/// </summary>
public sealed class RetentionWorker : BackgroundService
{
    public static readonly TimeSpan BacklogPause = TimeSpan.FromSeconds(1);

    private readonly StudyRetention _retention;
    private readonly RetentionOptions _options;
    private readonly long _minFreeMegabytes;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionWorker> _logger;

    public RetentionWorker(StudyRetention retention, IOptions<NodeOptions> options, TimeProvider time, ILogger<RetentionWorker> logger)
    {
        _retention = retention;
        _options = options.Value.Retention;
        _minFreeMegabytes = options.Value.Disk.MinFreeMegabytes;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: SQLite's async calls complete synchronously, and the first check may be long.
        await Task.Yield();
        Log.RetentionStarted(_logger, _options.CompletedStudyHours, _options.FailedStudyHours, _options.CheckIntervalMinutes);
        if (_options.PurgeBelowFreeMegabytes > 0 && _options.PurgeBelowFreeMegabytes <= _minFreeMegabytes)
        {
            Log.LowDiskPurgeTooLate(_logger, _options.PurgeBelowFreeMegabytes, _minFreeMegabytes);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = _options.CheckInterval;
            try
            {
                var result = await _retention.RunOnceAsync(stoppingToken);
                if (result.MoreDue) sleep = BacklogPause;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.RetentionCheckFailed(_logger, e);
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
