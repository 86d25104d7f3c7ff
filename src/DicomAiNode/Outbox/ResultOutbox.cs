using DicomAiNode.Storage;

namespace DicomAiNode.Outbox;

/// <summary>Where the pipeline puts results: durable first, then the outbox worker is woken.</summary>
public sealed class ResultOutbox
{
    private readonly OutboxRepository _repository;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;

    public ResultOutbox(OutboxRepository repository, OutboxSignal signal, TimeProvider time)
    {
        _repository = repository;
        _signal = signal;
        _time = time;
    }

    /// <summary>Queues each result for its destination; re-queuing a result with the same SOP Instance UID replaces it.</summary>
    public async Task<IReadOnlyList<long>> EnqueueAsync(IEnumerable<OutboxRequest> requests, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        foreach (var request in requests) ids.Add(await _repository.EnqueueAsync(request, _time.GetUtcNow(), cancellationToken));
        if (ids.Count > 0) _signal.Pulse();
        return ids;
    }
}
