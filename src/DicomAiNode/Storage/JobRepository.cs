using Microsoft.Data.Sqlite;

namespace DicomAiNode.Storage;

/// <summary>Jobs: one per (series, rule); re-running a series resets its job rather than adding one.</summary>
public sealed class JobRepository
{
    private const string Columns = "id, study_instance_uid, series_instance_uid, rule_name, state, attempts, error, created_at, updated_at";

    private readonly NodeDatabase _database;

    public JobRepository(NodeDatabase database)
    {
        _database = database;
    }

    /// <summary>Creates the job, or makes the existing one for this series and rule pending again; returns its id.</summary>
    public async Task<long> SchedulePendingAsync(string studyInstanceUid, string seriesInstanceUid, string ruleName, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var id = await Sql.ScalarAsync(connection, null, """
            INSERT INTO jobs (study_instance_uid, series_instance_uid, rule_name, state, created_at, updated_at)
            VALUES ($study, $series, $rule, 'pending', $now, $now)
            ON CONFLICT (series_instance_uid, rule_name) DO UPDATE SET state = 'pending', error = NULL, updated_at = $now
            RETURNING id
            """, ct, ("$study", studyInstanceUid), ("$series", seriesInstanceUid), ("$rule", ruleName), ("$now", DbTime.ToDb(now)));
        return Convert.ToInt64(id);
    }

    /// <summary>Takes the oldest pending job (pending → running, one more attempt), or null.</summary>
    public async Task<JobRecord?> ClaimNextAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var rows = await Sql.QueryAsync(connection, null, $"""
            UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = $now
            WHERE id = (SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1)
            RETURNING {Columns}
            """, Read, ct, ("$now", DbTime.ToDb(now)));
        return rows.FirstOrDefault();
    }

    /// <summary>Marks a job the pipeline is about to run (pending → running, one more attempt).</summary>
    public async Task StartAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        int changed = await Sql.ExecuteAsync(connection, null, "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = $now WHERE id = $id",
            ct, ("$now", DbTime.ToDb(now)), ("$id", id));
        if (changed == 0) throw new InvalidOperationException($"job {id} does not exist");
    }

    public Task CompleteAsync(long id, DateTimeOffset now, CancellationToken ct) => SetStateAsync(id, JobState.Done, null, now, ct);

    public Task FailAsync(long id, string error, DateTimeOffset now, CancellationToken ct) => SetStateAsync(id, JobState.Failed, error, now, ct);

    public async Task<JobRecord?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return (await Sql.QueryAsync(connection, null, $"SELECT {Columns} FROM jobs WHERE id = $id", Read, ct, ("$id", id))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<JobRecord>> ListForStudyAsync(string studyInstanceUid, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.QueryAsync(connection, null, $"SELECT {Columns} FROM jobs WHERE study_instance_uid = $study ORDER BY id", Read, ct, ("$study", studyInstanceUid));
    }

    /// <summary>After a crash, running jobs are pending again; returns how many.</summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "UPDATE jobs SET state = 'pending' WHERE state = 'running'", ct);
    }

    private async Task SetStateAsync(long id, JobState state, string? error, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        int changed = await Sql.ExecuteAsync(connection, null, "UPDATE jobs SET state = $state, error = $error, updated_at = $now WHERE id = $id",
            ct, ("$state", DbEnum.ToDb(state)), ("$error", error), ("$now", DbTime.ToDb(now)), ("$id", id));
        if (changed == 0) throw new InvalidOperationException($"job {id} does not exist");
    }

    private static JobRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        StudyInstanceUid = r.GetString(1),
        SeriesInstanceUid = r.GetString(2),
        RuleName = r.GetString(3),
        State = DbEnum.FromDb<JobState>(r.GetString(4)),
        Attempts = r.GetInt32(5),
        Error = Sql.NullableString(r, 6),
        CreatedAt = Sql.Time(r, 7),
        UpdatedAt = Sql.Time(r, 8),
    };
}
