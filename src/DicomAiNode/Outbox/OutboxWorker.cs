using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Outbox;

/// <summary>
/// Delivers the outbox for the life of the host: first puts back what a previous process left in 'sending', then
/// runs <see cref="OutboxScheduler"/> whenever results are due, woken early by <see cref="OutboxSignal"/>.
/// </summary>
public sealed class OutboxWorker : BackgroundService
{
    private readonly OutboxScheduler _scheduler;
    private readonly OutboxRepository _outbox;
    private readonly OutboxSignal _signal;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxWorker> _logger;

    public OutboxWorker(OutboxScheduler scheduler, OutboxRepository outbox, OutboxSignal signal, IOptions<NodeOptions> options,
        TimeProvider time, ILogger<OutboxWorker> logger)
    {
        _scheduler = scheduler;
        _outbox = outbox;
        _signal = signal;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(_options.Outbox.PollSeconds);
        try
        {
            int recovered = await _outbox.RecoverInterruptedAsync(stoppingToken);
            if (recovered > 0) Log.DeliveriesRecovered(_logger, recovered);
            while (!stoppingToken.IsCancellationRequested)
            {
                int handled = 0;
                try
                {
                    handled = await _scheduler.RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.OutboxPassFailed(_logger, e);
                }
                if (handled > 0) continue;
                var wait = poll;
                var next = await _outbox.NextDueAsync(stoppingToken);
                if (next is { } n)
                {
                    var untilDue = n - _time.GetUtcNow();
                    if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
                }
                await _signal.WaitAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
