using Microsoft.Data.Sqlite;

namespace DicomAiNode.Storage;

/// <summary>
/// The outbox: result files waiting for delivery. (destination, SOP Instance UID) is unique, so producing the same
/// result again (deterministic UIDs) replaces the entry instead of sending a second copy.
/// </summary>
public sealed class OutboxRepository
{
    private const string Columns =
        "id, job_id, study_instance_uid, destination_ae, file_path, sop_instance_uid, state, attempts, next_attempt_at, last_error, created_at, updated_at, delivered_at";

    private readonly NodeDatabase _database;

    public OutboxRepository(NodeDatabase database)
    {
        _database = database;
    }

    /// <summary>Adds a result, or resets the existing entry for the same destination and SOP instance to pending; returns its id.</summary>
    public async Task<long> EnqueueAsync(OutboxRequest request, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var id = await Sql.ScalarAsync(connection, null, """
            INSERT INTO outbox (job_id, study_instance_uid, destination_ae, file_path, sop_instance_uid, state, attempts, next_attempt_at, created_at, updated_at)
            VALUES ($job, $study, $dest, $path, $sop, 'pending', 0, $now, $now, $now)
            ON CONFLICT (destination_ae, sop_instance_uid) DO UPDATE SET
                job_id = excluded.job_id, file_path = excluded.file_path, state = 'pending', attempts = 0,
                next_attempt_at = $now, last_error = NULL, created_at = $now, updated_at = $now, delivered_at = NULL
            RETURNING id
            """, ct, ("$job", request.JobId), ("$study", request.StudyInstanceUid), ("$dest", request.DestinationAeTitle.Trim()),
            ("$path", request.FilePath), ("$sop", request.SopInstanceUid), ("$now", DbTime.ToDb(now)));
        return Convert.ToInt64(id);
    }

    /// <summary>Takes up to <paramref name="limit"/> due entries (pending → sending), oldest due first.</summary>
    public async Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var rows = await Sql.QueryAsync(connection, null, $"""
            UPDATE outbox SET state = 'sending', updated_at = $now
            WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit)
            RETURNING {Columns}
            """, Read, ct, ("$now", DbTime.ToDb(now)), ("$limit", limit));
        return rows.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id).ToList();
    }

    public async Task MarkDeliveredAsync(long id, int attempts, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, """
            UPDATE outbox SET state = 'delivered', attempts = $attempts, delivered_at = $now, updated_at = $now, last_error = NULL
            WHERE id = $id AND state = 'sending'
            """, ct, ("$attempts", attempts), ("$now", DbTime.ToDb(now)), ("$id", id));
    }

    public async Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, """
            UPDATE outbox SET state = 'pending', attempts = $attempts, next_attempt_at = $next, last_error = $error, updated_at = $now
            WHERE id = $id AND state = 'sending'
            """, ct, ("$attempts", attempts), ("$next", DbTime.ToDb(nextAttemptAt)), ("$error", error), ("$now", DbTime.ToDb(now)), ("$id", id));
    }

    public async Task MarkDeadAsync(long id, int attempts, string error, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, """
            UPDATE outbox SET state = 'dead', attempts = $attempts, last_error = $error, updated_at = $now
            WHERE id = $id AND state = 'sending'
            """, ct, ("$attempts", attempts), ("$error", error), ("$now", DbTime.ToDb(now)), ("$id", id));
    }

    /// <summary>Operator retry: a dead or pending entry is due now with a fresh attempt count. False when no such entry can be retried.</summary>
    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, """
            UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $now, created_at = $now, updated_at = $now
            WHERE id = $id AND state IN ('dead', 'pending', 'discarded')
            """, ct, ("$now", DbTime.ToDb(now)), ("$id", id)) == 1;
    }

    /// <summary>Operator discard: a pending or dead entry will never be sent. False when no such entry can be discarded.</summary>
    public async Task<bool> DiscardAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null,
            "UPDATE outbox SET state = 'discarded', updated_at = $now WHERE id = $id AND state IN ('dead', 'pending')",
            ct, ("$now", DbTime.ToDb(now)), ("$id", id)) == 1;
    }

    public async Task<OutboxItem?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return (await Sql.QueryAsync(connection, null, $"SELECT {Columns} FROM outbox WHERE id = $id", Read, ct, ("$id", id))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<OutboxItem>> ListAsync(IReadOnlyCollection<OutboxState> states, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var all = await Sql.QueryAsync(connection, null, $"SELECT {Columns} FROM outbox ORDER BY id", Read, ct);
        return all.Where(i => states.Contains(i.State)).ToList();
    }

    public async Task<int> CountAsync(OutboxState state, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return Convert.ToInt32(await Sql.ScalarAsync(connection, null, "SELECT count(*) FROM outbox WHERE state = $state", ct, ("$state", DbEnum.ToDb(state))));
    }

    /// <summary>When the next pending entry is due, or null if none is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return DbTime.FromDb(await Sql.ScalarAsync(connection, null, "SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending'", ct));
    }

    /// <summary>After a crash, entries left in sending are pending again (a re-send replaces, the UIDs are the same); returns how many.</summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "UPDATE outbox SET state = 'pending' WHERE state = 'sending'", ct);
    }

    private static OutboxItem Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        JobId = r.IsDBNull(1) ? null : r.GetInt64(1),
        StudyInstanceUid = r.GetString(2),
        DestinationAeTitle = r.GetString(3),
        FilePath = r.GetString(4),
        SopInstanceUid = r.GetString(5),
        State = DbEnum.FromDb<OutboxState>(r.GetString(6)),
        Attempts = r.GetInt32(7),
        NextAttemptAt = Sql.Time(r, 8),
        LastError = Sql.NullableString(r, 9),
        CreatedAt = Sql.Time(r, 10),
        UpdatedAt = Sql.Time(r, 11),
        DeliveredAt = Sql.NullableTime(r, 12),
    };
}
