namespace DicomAiNode.Ingest;

/// <summary>
/// Counts instances received per association and study so that the audit log gets one "instances received" line per
/// study and association instead of one per instance (each line is fsynced). An entry is written once it has been
/// idle for a moment (the peer moved on or released), and every entry when the node stops.
/// </summary>
public sealed class ReceptionTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long Association, string Study), ReceptionCount> _open = [];

    public void Add(long association, string studyInstanceUid, string callingAeTitle, string peer, string? patientId, long bytes, DateTimeOffset now)
    {
        lock (_gate)
        {
            var key = (association, studyInstanceUid);
            _open[key] = _open.TryGetValue(key, out var known)
                ? known with { Instances = known.Instances + 1, Bytes = known.Bytes + bytes, LastAt = now }
                : new ReceptionCount(studyInstanceUid, callingAeTitle, peer, patientId, 1, bytes, now);
        }
    }

    /// <summary>Removes and returns the entries with no instance since <paramref name="idleSince"/> (all when null).</summary>
    public IReadOnlyList<ReceptionCount> Take(DateTimeOffset? idleSince)
    {
        lock (_gate)
        {
            var due = _open.Where(e => idleSince is not { } since || e.Value.LastAt <= since).ToList();
            foreach (var entry in due) _open.Remove(entry.Key);
            return due.Select(e => e.Value).ToList();
        }
    }
}
