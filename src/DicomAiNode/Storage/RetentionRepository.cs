using Microsoft.Data.Sqlite;

namespace DicomAiNode.Storage;

/// <summary>
/// Purging finished studies: which are safe to remove, removing their rows in one transaction, and the journal of
/// their files, deleted after that transaction committed.
/// </summary>
public sealed class RetentionRepository
{
    /// <summary>
    /// A study's last activity: its last instance (including one ignored under LateInstancePolicy Ignore, which does
    /// not move last_received_at), the end of its processing, the last change of one of its jobs or outbox entries
    /// (so a result dead-lettered late, or retried by an operator, keeps its study for the whole retention again).
    /// </summary>
    private const string LastActivity = """
        max(s.last_received_at, coalesce(s.processed_at, 0),
            coalesce((SELECT max(i.received_at) FROM instances i WHERE i.study_instance_uid = s.study_instance_uid), 0),
            coalesce((SELECT max(j.updated_at) FROM jobs j WHERE j.study_instance_uid = s.study_instance_uid), 0),
            coalesce((SELECT max(o.updated_at) FROM outbox o WHERE o.study_instance_uid = s.study_instance_uid), 0))
        """;

    /// <summary>
    /// Safe to purge: done (or failed) and quiet since the cutoff, no re-run asked for, no job pending or running, every
    /// outbox entry final. A study receiving, ready or processing is never purged, whatever its age. The
    /// last_received_at test comes first so that the (state, last_received_at) index narrows the scan.
    /// </summary>
    private const string Purgeable = $"""
        ((s.state = 'done' AND $completedCutoff IS NOT NULL AND s.last_received_at <= $completedCutoff AND {LastActivity} <= $completedCutoff)
          OR (s.state = 'failed' AND $failedCutoff IS NOT NULL AND s.last_received_at <= $failedCutoff AND {LastActivity} <= $failedCutoff))
        AND s.rerun_requested = 0
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.study_instance_uid = s.study_instance_uid AND j.state IN ('pending', 'running'))
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.study_instance_uid = s.study_instance_uid AND o.state IN ('pending', 'sending'))
        """;

    private readonly NodeDatabase _database;

    public RetentionRepository(NodeDatabase database)
    {
        _database = database;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> studies safe to purge, least recently active first. A null cutoff keeps that
    /// state forever.
    /// </summary>
    public async Task<IReadOnlyList<PurgeCandidate>> ListPurgeableAsync(DateTimeOffset? completedCutoff, DateTimeOffset? failedCutoff, int limit, CancellationToken ct)
    {
        if (completedCutoff is null && failedCutoff is null) return [];
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, $"""
            SELECT s.study_instance_uid, s.state, {LastActivity} AS last_activity
            FROM studies s WHERE {Purgeable}
            ORDER BY last_activity, s.study_instance_uid LIMIT $limit
            """, r => new PurgeCandidate(r.GetString(0), DbEnum.FromDb<StudyState>(r.GetString(1)), Sql.Time(r, 2)), ct,
            Cutoffs(completedCutoff, failedCutoff, ("$limit", limit)));
    }

    /// <summary>
    /// Removes the study's rows (outbox, jobs, instances, series, study) in one transaction that also journals its
    /// spool files and its results folder for deletion, if the study is still safe to purge under these cutoffs
    /// (checked again inside the transaction, which holds SQLite's write lock: an instance or operator retry that came
    /// meanwhile wins). <paramref name="beforeCommit"/> runs inside the transaction (the audit: a failure there rolls
    /// the purge back). Returns null when the study is no longer purgeable.
    /// </summary>
    public async Task<PurgedStudy?> PurgeAsync(string studyInstanceUid, DateTimeOffset? completedCutoff, DateTimeOffset? failedCutoff,
        string resultsFolder, DateTimeOffset now, Func<PurgedStudy, Task> beforeCommit, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the write lock is held from here.
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var rows = await Sql.QueryAsync(connection, tx, $"""
            SELECT s.state, {LastActivity} FROM studies s WHERE s.study_instance_uid = $study AND {Purgeable}
            """, r => (State: DbEnum.FromDb<StudyState>(r.GetString(0)), LastActivity: Sql.Time(r, 1)), ct,
            Cutoffs(completedCutoff, failedCutoff, ("$study", studyInstanceUid)));
        if (rows.Count == 0) return null;
        var study = rows[0];

        var (instances, spoolBytes) = (await Sql.QueryAsync(connection, tx,
            "SELECT count(*), coalesce(sum(size), 0) FROM instances WHERE study_instance_uid = $study",
            r => (r.GetInt32(0), r.GetInt64(1)), ct, ("$study", studyInstanceUid)))[0];
        int series = Convert.ToInt32(await Sql.ScalarAsync(connection, tx,
            "SELECT count(*) FROM series WHERE study_instance_uid = $study", ct, ("$study", studyInstanceUid)));
        int resultFiles = Convert.ToInt32(await Sql.ScalarAsync(connection, tx,
            "SELECT count(DISTINCT file_path) FROM outbox WHERE study_instance_uid = $study", ct, ("$study", studyInstanceUid)));
        var deliveries = (await Sql.QueryAsync(connection, tx,
            "SELECT state, count(*) FROM outbox WHERE study_instance_uid = $study GROUP BY state",
            r => (DbEnum.FromDb<OutboxState>(r.GetString(0)), r.GetInt32(1)), ct, ("$study", studyInstanceUid)))
            .ToDictionary(d => d.Item1, d => d.Item2);

        long at = DbTime.ToDb(now);
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO file_deletions (study_instance_uid, path, kind, queued_at)
            SELECT study_instance_uid, path, 'spool', $now FROM instances WHERE study_instance_uid = $study
            """, ct, ("$study", studyInstanceUid), ("$now", at));
        await Sql.ExecuteAsync(connection, tx,
            "INSERT INTO file_deletions (study_instance_uid, path, kind, queued_at) VALUES ($study, $path, 'results', $now)",
            ct, ("$study", studyInstanceUid), ("$path", resultsFolder), ("$now", at));
        // Children first: foreign keys are enforced (outbox → jobs → series/studies, instances → series/studies).
        foreach (var table in new[] { "outbox", "jobs", "instances", "series", "studies" })
        {
            await Sql.ExecuteAsync(connection, tx, $"DELETE FROM {table} WHERE study_instance_uid = $study", ct, ("$study", studyInstanceUid));
        }

        var purged = new PurgedStudy
        {
            StudyInstanceUid = studyInstanceUid,
            State = study.State,
            LastActivityAt = study.LastActivity,
            Series = series,
            Instances = instances,
            SpoolBytes = spoolBytes,
            ResultFiles = resultFiles,
            Deliveries = deliveries,
        };
        await beforeCommit(purged);
        await tx.CommitAsync(ct);
        return purged;
    }

    /// <summary>Journaled deletions with an id above <paramref name="afterId"/>, oldest first, up to <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<FileDeletion>> ListFileDeletionsAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null,
            "SELECT id, study_instance_uid, path, kind FROM file_deletions WHERE id > $after ORDER BY id LIMIT $limit",
            r => new FileDeletion(r.GetInt64(0), r.GetString(1), r.GetString(2), DbEnum.FromDb<FileDeletionKind>(r.GetString(3))), ct,
            ("$after", afterId), ("$limit", limit));
    }

    /// <summary>
    /// True when the journaled path belongs to something received since the purge: an instance indexed again with
    /// the same spool file (same SOP Instance UID), or a new record of the same study whose results go to the same
    /// folder. Such a path must not be deleted.
    /// </summary>
    public async Task<bool> IsInUseAsync(FileDeletion deletion, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var found = deletion.Kind == FileDeletionKind.Spool
            ? await Sql.ScalarAsync(connection, null, "SELECT 1 FROM instances WHERE path = $path", ct, ("$path", deletion.Path))
            : await Sql.ScalarAsync(connection, null, "SELECT 1 FROM studies WHERE study_instance_uid = $study", ct, ("$study", deletion.StudyInstanceUid));
        return found is not null;
    }

    /// <summary>Removes these journal entries (one commit for a whole batch).</summary>
    public async Task CompleteFileDeletionsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var connection = await _database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, "DELETE FROM file_deletions WHERE id IN (SELECT value FROM json_each($ids))", ct,
            ("$ids", System.Text.Json.JsonSerializer.Serialize(ids)));
    }

    private static (string, object?)[] Cutoffs(DateTimeOffset? completedCutoff, DateTimeOffset? failedCutoff, (string, object?) more) =>
    [
        ("$completedCutoff", completedCutoff is { } c ? DbTime.ToDb(c) : null),
        ("$failedCutoff", failedCutoff is { } f ? DbTime.ToDb(f) : null),
        more,
    ];
}
