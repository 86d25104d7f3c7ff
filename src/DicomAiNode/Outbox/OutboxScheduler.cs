using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Outbox;

/// <summary>
/// One pass of the outbox: claims the due results, sends them per destination through <see cref="IResultSender"/>,
/// and records each outcome durably — delivered, retry later (exponential backoff with jitter), or dead-lettered
/// (too many attempts, too old, refused for good, destination no longer configured). A result whose delivery was
/// interrupted by a crash is sent again after restart; the SOP Instance UID is the same, so the destination replaces it.
/// </summary>
public sealed class OutboxScheduler
{
    private readonly OutboxRepository _outbox;
    private readonly IResultSender _sender;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly RetrySchedule _schedule;
    private readonly AuditLog _audit;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<OutboxScheduler> _logger;

    public OutboxScheduler(OutboxRepository outbox, IResultSender sender, IOptions<NodeOptions> options, TimeProvider time,
        IRandomSource random, AuditLog audit, NodeMetrics metrics, ILogger<OutboxScheduler> logger)
    {
        _outbox = outbox;
        _sender = sender;
        _options = options.Value;
        _time = time;
        _schedule = new RetrySchedule(_options.Outbox, random);
        _audit = audit;
        _metrics = metrics;
        _logger = logger;
    }

    public RetrySchedule Schedule => _schedule;

    /// <summary>Sends what is due now; returns the number of results handled (0 when nothing was due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        int limit = _options.Outbox.BatchSize * _options.Concurrency.Deliveries;
        var due = await _outbox.ClaimDueAsync(_time.GetUtcNow(), limit, ct);
        if (due.Count == 0) return 0;
        var batches = due.GroupBy(i => i.DestinationAeTitle, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(_options.Outbox.BatchSize).Select(chunk => (Destination: g.Key, Items: chunk)))
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency.Deliveries, CancellationToken = ct },
            async (batch, token) => await DeliverAsync(batch.Destination, batch.Items, token));
        return due.Count;
    }

    private async Task DeliverAsync(string destination, OutboxItem[] items, CancellationToken ct)
    {
        var peer = _options.FindPeer(destination);
        if (peer is null || !peer.AllowDestination)
        {
            var reason = peer is null
                ? $"destination '{destination}' is not a peer in {_options.SourceFile}"
                : $"peer '{destination}' is no longer allowed as destination (AllowDestination false)";
            foreach (var item in items) await DeadLetterAsync(item, item.Attempts, reason, ct);
            return;
        }

        var sendable = new List<OutboxItem>();
        foreach (var item in items)
        {
            if (File.Exists(item.FilePath)) sendable.Add(item);
            else await DeadLetterAsync(item, item.Attempts + 1, $"result file {item.FilePath} does not exist", ct);
        }
        if (sendable.Count == 0) return;

        var files = sendable.Select(i => new OutboxFile(i.Id, i.FilePath, i.SopInstanceUid)).ToList();
        DeliveryResult result;
        try
        {
            result = await _sender.SendAsync(peer, files, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the entries stay in 'sending' and are recovered to 'pending' at the next start.
            throw;
        }
        catch (Exception e)
        {
            Log.DeliveryBatchFailed(_logger, destination, peer.ToString(), files.Count, e);
            result = DeliveryResult.AllFailed(files, DeliveryStatus.TransientFailure, e.Message);
        }

        var outcomes = result.Files.GroupBy(f => f.SopInstanceUid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var item in sendable)
        {
            var outcome = outcomes.GetValueOrDefault(item.SopInstanceUid)
                ?? new FileDelivery(item.SopInstanceUid, DeliveryStatus.TransientFailure, "the sender reported no outcome for this file");
            await RecordAsync(item, peer, outcome, CancellationToken.None);
        }
    }

    private async Task RecordAsync(OutboxItem item, PeerOptions peer, FileDelivery outcome, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        int attempts = item.Attempts + 1;
        if (outcome.Status == DeliveryStatus.Delivered)
        {
            await _outbox.MarkDeliveredAsync(item.Id, attempts, now, ct);
            _metrics.ResultsSent.Inc(peer.AeTitle);
            Log.Delivered(_logger, item.SopInstanceUid, peer.AeTitle, attempts);
            await _audit.WriteAsync(AuditEvents.Delivery(item.StudyInstanceUid, peer.AeTitle, item.SopInstanceUid, true, attempts, null), ct);
            return;
        }

        var error = outcome.Error ?? outcome.Status.ToString();
        _metrics.Failures.Inc("delivery");
        await _audit.WriteAsync(AuditEvents.Delivery(item.StudyInstanceUid, peer.AeTitle, item.SopInstanceUid, false, attempts, error), ct);
        var giveUp = outcome.Status == DeliveryStatus.PermanentFailure
            ? $"refused: {error}"
            : _schedule.GiveUpReason(attempts, item.CreatedAt, now);
        if (giveUp is not null)
        {
            await DeadLetterAsync(item, attempts, giveUp, ct);
            return;
        }
        var next = now + _schedule.DelayAfter(attempts);
        await _outbox.ScheduleRetryAsync(item.Id, attempts, next, error, now, ct);
        _metrics.Retries.Inc(peer.AeTitle);
        Log.DeliveryRetryScheduled(_logger, item.SopInstanceUid, peer.AeTitle, attempts, next, error);
    }

    private async Task DeadLetterAsync(OutboxItem item, int attempts, string reason, CancellationToken ct)
    {
        await _outbox.MarkDeadAsync(item.Id, attempts, reason, _time.GetUtcNow(), ct);
        _metrics.DeadLettered.Inc(item.DestinationAeTitle);
        Log.DeliveryDeadLettered(_logger, item.SopInstanceUid, item.DestinationAeTitle, attempts, reason);
        await _audit.WriteAsync(AuditEvents.DeliveryDeadLettered(item.StudyInstanceUid, item.DestinationAeTitle, item.SopInstanceUid, attempts, reason), ct);
    }
}
