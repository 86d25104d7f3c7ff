using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Storage;

public sealed class JobAndOutboxRepositoryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DateTimeOffset _t0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public void Dispose() => _folder.Dispose();

    private async Task<NodeDatabase> OpenAsync()
    {
        var db = new NodeDatabase(_folder.File("data/node.db"));
        await db.MigrateAsync(CancellationToken.None);
        return db;
    }

    [Fact]
    public async Task Rescheduling_a_series_rule_job_reuses_it_and_running_jobs_recover_to_pending()
    {
        var db = await OpenAsync();
        await new StudyRepository(db).RecordInstanceAsync(Instances.Make("1", "1.1", "1.1.1", _t0), LateInstancePolicy.Rerun, CancellationToken.None);
        var jobs = new JobRepository(db);
        long id = await jobs.SchedulePendingAsync("1", "1.1", "chest", _t0, CancellationToken.None);
        var claimed = await jobs.ClaimNextAsync(_t0, CancellationToken.None);
        Assert.Equal(id, claimed?.Id);
        Assert.Equal(1, claimed!.Attempts);
        Assert.Equal(1, await new JobRepository(await OpenAsync()).RecoverInterruptedAsync(CancellationToken.None));
        await jobs.FailAsync((await jobs.ClaimNextAsync(_t0, CancellationToken.None))!.Id, "model missing", _t0, CancellationToken.None);
        Assert.Equal(id, await jobs.SchedulePendingAsync("1", "1.1", "chest", _t0.AddMinutes(1), CancellationToken.None));
        var job = Assert.Single(await jobs.ListForStudyAsync("1", CancellationToken.None));
        Assert.Equal(JobState.Pending, job.State);
        Assert.Null(job.Error);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task Enqueueing_the_same_result_twice_keeps_one_entry()
    {
        var outbox = new OutboxRepository(await OpenAsync());
        long a = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/seg.dcm", "2.25.1"), _t0, CancellationToken.None);
        long b = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/seg-v2.dcm", "2.25.1"), _t0.AddSeconds(1), CancellationToken.None);
        long c = await outbox.EnqueueAsync(new OutboxRequest("1", "OTHER", "/out/seg-v2.dcm", "2.25.1"), _t0, CancellationToken.None);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var item = await outbox.GetAsync(a, CancellationToken.None);
        Assert.Equal("/out/seg-v2.dcm", item!.FilePath);
        Assert.Equal(2, await outbox.CountAsync(OutboxState.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task Only_due_entries_are_claimed_and_sending_entries_recover_after_restart()
    {
        var outbox = new OutboxRepository(await OpenAsync());
        long a = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/a.dcm", "2.25.1"), _t0, CancellationToken.None);
        long b = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/b.dcm", "2.25.2"), _t0, CancellationToken.None);
        Assert.Equal(2, (await outbox.ClaimDueAsync(_t0, 10, CancellationToken.None)).Count);
        await outbox.ScheduleRetryAsync(a, 1, _t0.AddSeconds(30), "connection refused", _t0, CancellationToken.None);
        Assert.Empty(await outbox.ClaimDueAsync(_t0.AddSeconds(10), 10, CancellationToken.None));
        Assert.Equal(_t0.AddSeconds(30), await outbox.NextDueAsync(CancellationToken.None));
        Assert.Equal(a, Assert.Single(await outbox.ClaimDueAsync(_t0.AddSeconds(30), 10, CancellationToken.None)).Id);

        // 'b' and 'a' are in sending when the process dies.
        var restarted = new OutboxRepository(await OpenAsync());
        Assert.Equal(2, await restarted.RecoverInterruptedAsync(CancellationToken.None));
        var due = await restarted.ClaimDueAsync(_t0.AddSeconds(30), 10, CancellationToken.None);
        Assert.Equal([b, a], due.Select(i => i.Id));
        Assert.Equal(1, due.Single(i => i.Id == a).Attempts);
        Assert.Equal("connection refused", due.Single(i => i.Id == a).LastError);
    }

    [Fact]
    public async Task Operator_can_retry_a_dead_entry_and_discard_a_pending_one()
    {
        var outbox = new OutboxRepository(await OpenAsync());
        long a = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/a.dcm", "2.25.1"), _t0, CancellationToken.None);
        long b = await outbox.EnqueueAsync(new OutboxRequest("1", "ORTHANC", "/out/b.dcm", "2.25.2"), _t0, CancellationToken.None);
        await outbox.ClaimDueAsync(_t0, 1, CancellationToken.None);
        await outbox.MarkDeadAsync(a, 20, "association rejected", _t0, CancellationToken.None);
        Assert.Equal([a], (await outbox.ListAsync([OutboxState.Dead], CancellationToken.None)).Select(i => i.Id));

        Assert.True(await outbox.RetryAsync(a, _t0.AddHours(1), CancellationToken.None));
        var retried = await outbox.GetAsync(a, CancellationToken.None);
        Assert.Equal(OutboxState.Pending, retried!.State);
        Assert.Equal(0, retried.Attempts);
        Assert.True(await outbox.DiscardAsync(b, _t0, CancellationToken.None));
        Assert.False(await outbox.DiscardAsync(b + 100, _t0, CancellationToken.None));
        Assert.Equal(OutboxState.Discarded, (await outbox.GetAsync(b, CancellationToken.None))!.State);
        Assert.Equal([a], (await outbox.ClaimDueAsync(_t0.AddHours(1), 10, CancellationToken.None)).Select(i => i.Id));
        await outbox.MarkDeliveredAsync(a, 1, _t0.AddHours(1), CancellationToken.None);
        Assert.False(await outbox.RetryAsync(a, _t0, CancellationToken.None));
        Assert.Equal(_t0.AddHours(1), (await outbox.GetAsync(a, CancellationToken.None))!.DeliveredAt);
    }
}
