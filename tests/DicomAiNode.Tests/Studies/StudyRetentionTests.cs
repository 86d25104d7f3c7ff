using DicomAiNode.Audit;
using DicomAiNode.Storage;

namespace DicomAiNode.Tests.Studies;

public sealed class StudyRetentionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Done_study_with_delivered_results_older_than_the_retention_is_purged_with_its_files_rows_and_one_audit_event()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.1");
        node.Clock.Advance(TimeSpan.FromHours(73));

        var result = await node.NewRetention().RunOnceAsync(None);

        Assert.Equal(1, result.StudiesPurged);
        Assert.Equal(RetentionFixture.InstanceBytes + RetentionFixture.ResultBytes, result.BytesFreed);
        Assert.False(result.MoreDue);
        Assert.False(File.Exists(study.SpoolFile));
        Assert.False(Directory.Exists(study.ResultsFolder));
        Assert.True(Directory.Exists(node.Options.ResultsFolderPath));
        Assert.Null(await node.Studies.GetStudyAsync(study.StudyInstanceUid, None));
        Assert.Empty(await node.Studies.ListSeriesAsync(study.StudyInstanceUid, None));
        Assert.Empty(await node.Studies.ListInstancesAsync(study.StudyInstanceUid + ".1", None));
        Assert.Empty(await node.Jobs.ListForStudyAsync(study.StudyInstanceUid, None));
        Assert.Null(await node.Outbox.GetAsync(study.OutboxId, None));
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));

        var purged = Assert.Single(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.StudyPurged));
        Assert.Equal("done", (string?)purged.Details!["state"]);
        Assert.Equal(1, (int?)purged.Details["instances"]);
        Assert.Equal(1, (int?)purged.Details["resultFiles"]);
        Assert.Equal(1500, (long?)purged.Details["bytesFreed"]);
        Assert.Equal(73, (double?)purged.Details["ageHours"]);
        Assert.Equal(1, (int?)purged.Details["deliveries"]!["delivered"]);
        Assert.True((await AuditReader.VerifyAsync(node.Audit.FilePath, None)).IsIntact);
        Assert.Equal(1, node.Metrics.StudiesPurged.Value("done"));
        Assert.Equal(1500, node.Metrics.PurgedBytes.Value());
        Assert.Contains(node.Log.Entries, e => e.Id.Id == 1701 && e.Message.Contains(study.StudyInstanceUid, StringComparison.Ordinal));

        // Nothing left to do: a second check purges nothing and audits nothing more.
        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Single(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.StudyPurged));
    }

    [Fact]
    public async Task Study_younger_than_the_retention_is_kept()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.2");
        node.Clock.Advance(TimeSpan.FromHours(71.9));

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(study.SpoolFile));
        Assert.Equal(StudyState.Done, (await node.Studies.GetStudyAsync(study.StudyInstanceUid, None))!.State);
    }

    [Theory]
    [InlineData(OutboxState.Pending)]
    [InlineData(OutboxState.Sending)]
    public async Task Study_with_an_undelivered_result_is_kept_however_old(OutboxState delivery)
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.3", delivery);
        node.Clock.Advance(TimeSpan.FromDays(365));

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(study.SpoolFile));
        Assert.True(Directory.Exists(study.ResultsFolder));
        Assert.Equal(delivery, (await node.Outbox.GetAsync(study.OutboxId, None))!.State);
    }

    [Theory]
    [InlineData(OutboxState.Dead)]
    [InlineData(OutboxState.Discarded)]
    public async Task Study_whose_results_were_given_up_is_purged(OutboxState delivery)
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.4", delivery);
        node.Clock.Advance(TimeSpan.FromHours(73));

        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.False(File.Exists(study.SpoolFile));
        var purged = Assert.Single(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.StudyPurged));
        Assert.Equal(1, (int?)purged.Details!["deliveries"]![delivery.ToString().ToLowerInvariant()]);
    }

    [Fact]
    public async Task Receiving_ready_and_processing_studies_and_a_study_with_a_pending_job_are_never_purged()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var withPendingJob = await node.FinishedStudyAsync("1.2.826.5");
        await node.Jobs.SchedulePendingAsync(withPendingJob.StudyInstanceUid, withPendingJob.StudyInstanceUid + ".1", "other", node.Now, None);
        var (processing, _) = await node.ReceiveAsync("1.2.826.6", "1.2.826.6.1", "1.2.826.6.1.1");
        await node.ClaimAsync("1.2.826.6");
        var (ready, _) = await node.ReceiveAsync("1.2.826.7", "1.2.826.7.1", "1.2.826.7.1.1");
        await node.Studies.PromoteStableAsync(node.Now, node.Now, None);
        var (receiving, _) = await node.ReceiveAsync("1.2.826.8", "1.2.826.8.1", "1.2.826.8.1.1");
        node.Clock.Advance(TimeSpan.FromDays(365));

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Equal(StudyState.Done, (await node.Studies.GetStudyAsync("1.2.826.5", None))!.State);
        Assert.Equal(StudyState.Processing, (await node.Studies.GetStudyAsync("1.2.826.6", None))!.State);
        Assert.Equal(StudyState.Ready, (await node.Studies.GetStudyAsync("1.2.826.7", None))!.State);
        Assert.Equal(StudyState.Receiving, (await node.Studies.GetStudyAsync("1.2.826.8", None))!.State);
        Assert.All(new[] { withPendingJob.SpoolFile, processing, ready, receiving }, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public async Task Failed_study_is_kept_for_FailedStudyHours_then_purged()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.9", succeeded: false);
        node.Clock.Advance(TimeSpan.FromHours(100));
        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Equal(StudyState.Failed, (await node.Studies.GetStudyAsync(study.StudyInstanceUid, None))!.State);

        node.Clock.Advance(TimeSpan.FromHours(69));
        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        var purged = Assert.Single(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.StudyPurged));
        Assert.Equal("failed", (string?)purged.Details!["state"]);
        Assert.Equal(1, node.Metrics.StudiesPurged.Value("failed"));
    }

    [Fact]
    public async Task Zero_hours_keeps_done_and_failed_studies_forever()
    {
        await using var node = await RetentionFixture.CreateAsync(r =>
        {
            r.CompletedStudyHours = 0;
            r.FailedStudyHours = 0;
        });
        var done = await node.FinishedStudyAsync("1.2.826.10");
        var failed = await node.FinishedStudyAsync("1.2.826.11", succeeded: false);
        node.Clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(done.SpoolFile));
        Assert.True(File.Exists(failed.SpoolFile));
        Assert.NotNull(await node.Studies.GetStudyAsync(failed.StudyInstanceUid, None));
    }

    [Fact]
    public async Task Age_counts_from_the_last_delivery_update_so_a_late_dead_letter_stays_retryable_for_the_whole_retention()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.12", OutboxState.Pending);
        node.Clock.Advance(TimeSpan.FromHours(70));
        Assert.Single(await node.Outbox.ClaimDueAsync(node.Now, 10, None));
        await node.Outbox.MarkDeadAsync(study.OutboxId, 20, "too old", node.Now, None);

        node.Clock.Advance(TimeSpan.FromHours(71));
        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Equal(OutboxState.Dead, (await node.Outbox.GetAsync(study.OutboxId, None))!.State);

        node.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Null(await node.Outbox.GetAsync(study.OutboxId, None));
    }

    [Fact]
    public async Task Low_disk_space_purges_finished_studies_before_their_age_done_ones_first_and_never_one_with_a_result_to_deliver()
    {
        // More free space than any disk has: the volume always counts as low, so every eligible study goes.
        await using var node = await RetentionFixture.CreateAsync(r => r.PurgeBelowFreeMegabytes = long.MaxValue / (1024 * 1024));
        var failed = await node.FinishedStudyAsync("1.2.826.41", succeeded: false);
        node.Clock.Advance(TimeSpan.FromMinutes(5));
        var done = await node.FinishedStudyAsync("1.2.826.40");
        var undelivered = await node.FinishedStudyAsync("1.2.826.42", OutboxState.Pending);
        var (receiving, _) = await node.ReceiveAsync("1.2.826.43", "1.2.826.43.1", "1.2.826.43.1.1");
        node.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await node.NewRetention().RunOnceAsync(None);

        Assert.Equal(2, result.StudiesPurged);
        Assert.False(File.Exists(done.SpoolFile));
        Assert.False(File.Exists(failed.SpoolFile));
        Assert.True(File.Exists(undelivered.SpoolFile));
        Assert.True(File.Exists(receiving));
        var purges = new List<AuditEvent>();
        foreach (var study in new[] { done, failed }) purges.Add(Assert.Single(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.StudyPurged)));
        Assert.All(purges, p => Assert.Equal("low disk space", (string?)p.Details!["reason"]));
        Assert.All(purges, p => Assert.Contains("Retention:PurgeBelowFreeMegabytes", p.Message, StringComparison.Ordinal));
        // Done before failed (kept longer for the operator), although the failed one is older.
        var purgeLog = node.Log.Entries.Where(e => e.Id.Id == 1701).Select(e => e.Message).ToList();
        Assert.Equal(2, purgeLog.Count);
        Assert.Contains(done.StudyInstanceUid, purgeLog[0], StringComparison.Ordinal);
        Assert.Contains(failed.StudyInstanceUid, purgeLog[1], StringComparison.Ordinal);
        Assert.Contains(node.Log.Entries, e => e.Id.Id == 1706);
        Assert.Contains(node.Log.Entries, e => e.Id.Id == 1707);
    }

    [Fact]
    public async Task With_enough_free_space_young_studies_are_kept_and_age_purges_say_so()
    {
        await using var node = await RetentionFixture.CreateAsync(r => r.PurgeBelowFreeMegabytes = 1);
        var young = await node.FinishedStudyAsync("1.2.826.44");
        node.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(young.SpoolFile));
        Assert.DoesNotContain(node.Log.Entries, e => e.Id.Id == 1706);

        node.Clock.Advance(TimeSpan.FromHours(72));
        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.Equal("age", (string?)Assert.Single(await node.AuditAsync(young.StudyInstanceUid, AuditEventTypes.StudyPurged)).Details!["reason"]);
    }
}
