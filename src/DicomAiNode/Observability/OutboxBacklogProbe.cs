using System.Text.Json.Nodes;

using DicomAiNode.Storage;

namespace DicomAiNode.Observability;

/// <summary>Results waiting for delivery, and dead-lettered ones (which need an operator: <c>dicom-ai-node outbox</c>).</summary>
public sealed class OutboxBacklogProbe : IHealthProbe
{
    private readonly OutboxRepository _outbox;

    public OutboxBacklogProbe(OutboxRepository outbox)
    {
        _outbox = outbox;
    }

    public string Name => "outbox";

    public async Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        int pending = await _outbox.CountAsync(OutboxState.Pending, cancellationToken) + await _outbox.CountAsync(OutboxState.Sending, cancellationToken);
        int dead = await _outbox.CountAsync(OutboxState.Dead, cancellationToken);
        var data = new JsonObject { ["backlog"] = pending, ["dead"] = dead };
        // A backlog is normal while a destination is down; dead letters are what needs a person.
        return dead == 0
            ? new ProbeResult(true, $"{pending} results waiting", data)
            : new ProbeResult(false, $"{pending} results waiting, {dead} dead-lettered (see 'dicom-ai-node outbox')", data);
    }
}
