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
}
