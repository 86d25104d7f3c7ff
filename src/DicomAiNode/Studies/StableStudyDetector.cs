using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Studies;

/// <summary>
/// Knows when a study is complete: no instance arrived for its stable age. All state is in the database, so the
/// decision survives a restart (a study quiet during the downtime is ready at the first check after it). Instances
/// that come after processing follow <see cref="NodeOptions.LateInstancePolicy"/> and are audited.
/// </summary>
public sealed class StableStudyDetector
{
    private readonly StudyRepository _studies;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly AuditLog _audit;
    private readonly ReadyStudySignal _ready;
    private readonly ILogger<StableStudyDetector> _logger;

    public StableStudyDetector(StudyRepository studies, IOptions<NodeOptions> options, TimeProvider time, AuditLog audit,
        ReadyStudySignal ready, ILogger<StableStudyDetector> logger)
    {
        _studies = studies;
        _options = options.Value;
        _time = time;
        _audit = audit;
        _ready = ready;
        _logger = logger;
    }

    /// <summary>Indexes an instance that is safe on disk (call before answering Success) and applies the late-instance policy.</summary>
    public async Task<InstanceArrival> RecordInstanceAsync(InstanceRecord instance, CancellationToken ct)
    {
        var stamped = instance.ReceivedAt == default ? instance with { ReceivedAt = _time.GetUtcNow() } : instance;
        var arrival = await _studies.RecordInstanceAsync(stamped, _options.LateInstancePolicy, ct);
        if (arrival.IsLate)
        {
            bool rerun = arrival.LatePolicy == LateInstancePolicy.Rerun;
            Log.LateInstance(_logger, instance.StudyInstanceUid, instance.SopInstanceUid, arrival.PreviousState!.Value, rerun ? "rerun" : "ignore");
            await _audit.WriteAsync(AuditEvents.LateInstance(instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid,
                instance.CallingAeTitle, rerun), ct);
        }
        return arrival;
    }

    /// <summary>Marks every study quiet for its stable age as ready, audits it and wakes the pipeline; returns their UIDs.</summary>
    public async Task<IReadOnlyList<string>> PromoteStableStudiesAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var ready = await _studies.PromoteStableAsync(now - _options.StableAge, now, ct);
        foreach (var uid in ready)
        {
            var study = await _studies.GetStudyAsync(uid, ct);
            Log.StudyReady(_logger, uid, _options.StableAgeSeconds);
            await _audit.WriteAsync(AuditEvents.StudyReady(uid, study?.CallingAeTitle ?? "", _options.StableAge) with { Time = now }, ct);
        }
        if (ready.Count > 0) _ready.Pulse();
        return ready;
    }

    /// <summary>How long until the next receiving study becomes stable (zero if one is due), or null if none is receiving.</summary>
    public async Task<TimeSpan?> TimeUntilNextAsync(CancellationToken ct)
    {
        var oldest = await _studies.OldestReceivingAsync(ct);
        if (oldest is null) return null;
        var due = oldest.Value + _options.StableAge - _time.GetUtcNow();
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }
}
