using DicomAiNode.Configuration;

using Microsoft.Data.Sqlite;

namespace DicomAiNode.Storage;

/// <summary>Instances, series and studies: what has been received and where each study stands.</summary>
public sealed class StudyRepository
{
    private const string StudyColumns =
        "study_instance_uid, state, calling_ae, first_received_at, last_received_at, ready_at, processed_at, rerun_requested, late_instances, error";

    private const string SeriesColumns =
        "series_instance_uid, study_instance_uid, instance_count, first_received_at, last_received_at, processed_through";

    private readonly NodeDatabase _database;

    public StudyRepository(NodeDatabase database)
    {
        _database = database;
    }

    /// <summary>
    /// Indexes an instance whose file is already safe on disk, in one transaction with its series and study. A late
    /// instance (study processing or processed) follows <paramref name="latePolicy"/>: Rerun makes the study pending
    /// again (at once if it was finished, after the current run if it is processing); Ignore only counts it.
    /// </summary>
    public async Task<InstanceArrival> RecordInstanceAsync(InstanceRecord instance, LateInstancePolicy latePolicy, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        long now = DbTime.ToDb(instance.ReceivedAt);
        var stateText = (string?)await Sql.ScalarAsync(connection, tx,
            "SELECT state FROM studies WHERE study_instance_uid = $study", ct, ("$study", instance.StudyInstanceUid));
        StudyState? previous = stateText is null ? null : DbEnum.FromDb<StudyState>(stateText);
        bool duplicate = await Sql.ScalarAsync(connection, tx,
            "SELECT 1 FROM instances WHERE sop_instance_uid = $sop", ct, ("$sop", instance.SopInstanceUid)) is not null;

        bool late = previous is StudyState.Processing or StudyState.Done or StudyState.Failed;
        if (previous is null)
        {
            await Sql.ExecuteAsync(connection, tx, """
                INSERT INTO studies (study_instance_uid, state, calling_ae, first_received_at, last_received_at)
                VALUES ($study, 'receiving', $ae, $now, $now)
                """, ct, ("$study", instance.StudyInstanceUid), ("$ae", instance.CallingAeTitle), ("$now", now));
        }
        else if (!late)
        {
            // Receiving, or ready but not yet claimed: the quiet period starts again.
            await Sql.ExecuteAsync(connection, tx,
                "UPDATE studies SET state = 'receiving', ready_at = NULL, last_received_at = max(last_received_at, $now) WHERE study_instance_uid = $study",
                ct, ("$study", instance.StudyInstanceUid), ("$now", now));
        }
        else if (latePolicy == LateInstancePolicy.Ignore)
        {
            await Sql.ExecuteAsync(connection, tx,
                "UPDATE studies SET late_instances = late_instances + 1 WHERE study_instance_uid = $study",
                ct, ("$study", instance.StudyInstanceUid));
        }
        else if (previous == StudyState.Processing)
        {
            await Sql.ExecuteAsync(connection, tx, """
                UPDATE studies SET rerun_requested = 1, late_instances = late_instances + 1, last_received_at = max(last_received_at, $now)
                WHERE study_instance_uid = $study
                """, ct, ("$study", instance.StudyInstanceUid), ("$now", now));
        }
        else
        {
            await Sql.ExecuteAsync(connection, tx, """
                UPDATE studies SET state = 'receiving', ready_at = NULL, error = NULL, late_instances = late_instances + 1,
                       last_received_at = max(last_received_at, $now)
                WHERE study_instance_uid = $study
                """, ct, ("$study", instance.StudyInstanceUid), ("$now", now));
        }

        // Under Ignore a late instance is indexed but its series is not marked as changed.
        bool touchSeries = !(late && latePolicy == LateInstancePolicy.Ignore);
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO series (series_instance_uid, study_instance_uid, instance_count, first_received_at, last_received_at)
            VALUES ($series, $study, 0, $now, $now)
            ON CONFLICT (series_instance_uid) DO UPDATE SET
                last_received_at = CASE WHEN $touch THEN max(last_received_at, $now) ELSE last_received_at END
            """, ct, ("$series", instance.SeriesInstanceUid), ("$study", instance.StudyInstanceUid), ("$now", now), ("$touch", touchSeries));
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO instances (sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, path, size, calling_ae, received_at, transfer_syntax_uid)
            VALUES ($sop, $class, $study, $series, $path, $size, $ae, $now, $ts)
            ON CONFLICT (sop_instance_uid) DO UPDATE SET
                sop_class_uid = excluded.sop_class_uid, path = excluded.path, size = excluded.size, calling_ae = excluded.calling_ae,
                received_at = excluded.received_at, transfer_syntax_uid = excluded.transfer_syntax_uid
            """, ct, ("$sop", instance.SopInstanceUid), ("$class", instance.SopClassUid), ("$study", instance.StudyInstanceUid),
            ("$series", instance.SeriesInstanceUid), ("$path", instance.Path), ("$size", instance.Size), ("$ae", instance.CallingAeTitle),
            ("$now", now), ("$ts", instance.TransferSyntaxUid));
        if (!duplicate)
        {
            await Sql.ExecuteAsync(connection, tx, "UPDATE series SET instance_count = instance_count + 1 WHERE series_instance_uid = $series",
                ct, ("$series", instance.SeriesInstanceUid));
        }
        await tx.CommitAsync(ct);
        return new InstanceArrival(previous is null, duplicate, late, latePolicy, previous);
    }

    public async Task<StudyRecord?> GetStudyAsync(string studyInstanceUid, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var rows = await Sql.QueryAsync(connection, null, $"SELECT {StudyColumns} FROM studies WHERE study_instance_uid = $study",
            ReadStudy, ct, ("$study", studyInstanceUid));
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<StudyRecord>> ListStudiesAsync(StudyState state, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, $"SELECT {StudyColumns} FROM studies WHERE state = $state ORDER BY last_received_at",
            ReadStudy, ct, ("$state", DbEnum.ToDb(state)));
    }

    /// <summary>Number of studies in each state (absent states have no entry).</summary>
    public async Task<IReadOnlyDictionary<StudyState, int>> CountByStateAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var rows = await Sql.QueryAsync(connection, null, "SELECT state, count(*) FROM studies GROUP BY state",
            r => (DbEnum.FromDb<StudyState>(r.GetString(0)), r.GetInt32(1)), ct);
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }

    /// <summary>Receiving studies quiet since <paramref name="quietSince"/> become ready; returns them.</summary>
    public async Task<IReadOnlyList<string>> PromoteStableAsync(DateTimeOffset quietSince, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, """
            UPDATE studies SET state = 'ready', ready_at = $now
            WHERE state = 'receiving' AND last_received_at <= $cutoff
            RETURNING study_instance_uid
            """, r => r.GetString(0), ct, ("$now", DbTime.ToDb(now)), ("$cutoff", DbTime.ToDb(quietSince)));
    }

    /// <summary>The last instance time of the receiving study that will become stable first, or null if none is receiving.</summary>
    public async Task<DateTimeOffset?> OldestReceivingAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return DbTime.FromDb(await Sql.ScalarAsync(connection, null, "SELECT min(last_received_at) FROM studies WHERE state = 'receiving'", ct));
    }

    /// <summary>Takes the ready study waiting longest for processing (ready → processing), or null.</summary>
    public async Task<StudyRecord?> ClaimReadyAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var rows = await Sql.QueryAsync(connection, null, $"""
            UPDATE studies SET state = 'processing', rerun_requested = 0
            WHERE study_instance_uid = (SELECT study_instance_uid FROM studies WHERE state = 'ready' ORDER BY ready_at, study_instance_uid LIMIT 1)
            RETURNING {StudyColumns}
            """, ReadStudy, ct);
        return rows.FirstOrDefault();
    }

    /// <summary>
    /// Ends processing: done or failed, unless a late instance asked for a re-run meanwhile, in which case the
    /// study goes back to receiving and becomes ready again after its stable age. Returns the new state.
    /// </summary>
    public async Task<StudyState> CompleteProcessingAsync(string studyInstanceUid, bool succeeded, string? error, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var state = (string?)await Sql.ScalarAsync(connection, null, """
            UPDATE studies SET
                state = CASE WHEN rerun_requested = 1 THEN 'receiving' WHEN $ok THEN 'done' ELSE 'failed' END,
                processed_at = $now, error = $error, rerun_requested = 0
            WHERE study_instance_uid = $study AND state = 'processing'
            RETURNING state
            """, ct, ("$ok", succeeded), ("$now", DbTime.ToDb(now)), ("$error", error), ("$study", studyInstanceUid))
            ?? throw new InvalidOperationException($"study {studyInstanceUid} is not being processed");
        return DbEnum.FromDb<StudyState>(state);
    }

    /// <summary>After a crash, studies left in processing are ready again; returns how many.</summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "UPDATE studies SET state = 'ready' WHERE state = 'processing'", ct);
    }

    public async Task<IReadOnlyList<SeriesRecord>> ListSeriesAsync(string studyInstanceUid, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, $"SELECT {SeriesColumns} FROM series WHERE study_instance_uid = $study ORDER BY first_received_at, series_instance_uid",
            ReadSeries, ct, ("$study", studyInstanceUid));
    }

    /// <summary>The series of a study with instances not covered by a completed processing.</summary>
    public async Task<IReadOnlyList<SeriesRecord>> ListSeriesToProcessAsync(string studyInstanceUid, CancellationToken ct) =>
        (await ListSeriesAsync(studyInstanceUid, ct)).Where(s => s.NeedsProcessing).ToList();

    /// <summary>Records that processing covered the series up to <paramref name="processedThrough"/> (the series' LastReceivedAt when it was read).</summary>
    public async Task MarkSeriesProcessedAsync(string seriesInstanceUid, DateTimeOffset processedThrough, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, "UPDATE series SET processed_through = $through WHERE series_instance_uid = $series",
            ct, ("$through", DbTime.ToDb(processedThrough)), ("$series", seriesInstanceUid));
    }

    public async Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(string seriesInstanceUid, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, """
            SELECT sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, path, size, calling_ae, received_at, transfer_syntax_uid
            FROM instances WHERE series_instance_uid = $series ORDER BY received_at, sop_instance_uid
            """, r => new InstanceRecord
        {
            SopInstanceUid = r.GetString(0),
            SopClassUid = r.GetString(1),
            StudyInstanceUid = r.GetString(2),
            SeriesInstanceUid = r.GetString(3),
            Path = r.GetString(4),
            Size = r.GetInt64(5),
            CallingAeTitle = r.GetString(6),
            ReceivedAt = Sql.Time(r, 7),
            TransferSyntaxUid = r.GetString(8),
        }, ct, ("$series", seriesInstanceUid));
    }

    private static StudyRecord ReadStudy(SqliteDataReader r) => new()
    {
        StudyInstanceUid = r.GetString(0),
        State = DbEnum.FromDb<StudyState>(r.GetString(1)),
        CallingAeTitle = r.GetString(2),
        FirstReceivedAt = Sql.Time(r, 3),
        LastReceivedAt = Sql.Time(r, 4),
        ReadyAt = Sql.NullableTime(r, 5),
        ProcessedAt = Sql.NullableTime(r, 6),
        RerunRequested = r.GetInt64(7) != 0,
        LateInstances = r.GetInt32(8),
        Error = Sql.NullableString(r, 9),
    };

    private static SeriesRecord ReadSeries(SqliteDataReader r) => new()
    {
        SeriesInstanceUid = r.GetString(0),
        StudyInstanceUid = r.GetString(1),
        InstanceCount = r.GetInt32(2),
        FirstReceivedAt = Sql.Time(r, 3),
        LastReceivedAt = Sql.Time(r, 4),
        ProcessedThrough = Sql.NullableTime(r, 5),
    };

    /// <summary>Whether this instance is indexed (received and acknowledged).</summary>
    public async Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var found = await Sql.QueryAsync(connection, null, "SELECT 1 FROM instances WHERE sop_instance_uid = $sop",
            r => r.GetInt32(0), ct, ("$sop", sopInstanceUid));
        return found.Count > 0;
    }
}
