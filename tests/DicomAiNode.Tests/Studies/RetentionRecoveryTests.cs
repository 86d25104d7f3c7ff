using DicomAiNode.Audit;
using DicomAiNode.Storage;

namespace DicomAiNode.Tests.Studies;

/// <summary>What happens around a purge: instances arriving afterwards, a crash between commit and deletion, backlogs, crash leftovers.</summary>
public sealed class RetentionRecoveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Instance_arriving_after_a_purge_starts_a_new_study_that_processes_only_what_arrives_then()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.20");
        node.Clock.Advance(TimeSpan.FromHours(73));
        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);

        // The modality sends a new series and repeats the old instance (same SOP Instance UID, so the same spool file).
        var (newFile, arrival) = await node.ReceiveAsync(study.StudyInstanceUid, "1.2.826.20.2", "1.2.826.20.2.1");
        var (repeated, _) = await node.ReceiveAsync(study.StudyInstanceUid, "1.2.826.20.1", "1.2.826.20.1.1");

        Assert.True(arrival.StudyIsNew);
        Assert.False(arrival.IsLate);
        var record = await node.Studies.GetStudyAsync(study.StudyInstanceUid, None);
        Assert.Equal(StudyState.Receiving, record!.State);
        Assert.Equal(0, record.LateInstances);
        var toProcess = await node.Studies.ListSeriesToProcessAsync(study.StudyInstanceUid, None);
        Assert.Equal(["1.2.826.20.1", "1.2.826.20.2"], toProcess.Select(s => s.SeriesInstanceUid).Order(StringComparer.Ordinal));
        Assert.All(toProcess, s => Assert.Equal(1, s.InstanceCount));
        Assert.Empty(await node.AuditAsync(study.StudyInstanceUid, AuditEventTypes.LateInstance));
        Assert.Empty(await node.Jobs.ListForStudyAsync(study.StudyInstanceUid, None));

        // Every instance of the new record is on disk, and a later check leaves them alone (the new record is young).
        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(newFile));
        Assert.True(File.Exists(repeated));
        Assert.Equal(repeated, Assert.Single(await node.Studies.ListInstancesAsync("1.2.826.20.1", None)).Path);
    }

    [Fact]
    public async Task Files_left_by_a_crash_after_the_purge_commit_are_deleted_by_the_next_check()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.21");
        node.Clock.Advance(TimeSpan.FromHours(73));
        var cutoff = node.Now - TimeSpan.FromHours(72);
        // The purge's transaction commits; the process dies before deleting the files.
        var purged = await node.Retention.PurgeAsync(study.StudyInstanceUid, cutoff, cutoff, study.ResultsFolder, node.Now, _ => Task.CompletedTask, None);
        Assert.NotNull(purged);
        Assert.Null(await node.Studies.GetStudyAsync(study.StudyInstanceUid, None));
        Assert.True(File.Exists(study.SpoolFile));
        Assert.Equal(2, (await node.Retention.ListFileDeletionsAsync(0, 10, None)).Count);

        var result = await node.NewRetention().RunOnceAsync(None);

        Assert.Equal(0, result.StudiesPurged);
        Assert.False(File.Exists(study.SpoolFile));
        Assert.False(Directory.Exists(study.ResultsFolder));
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));
    }

    [Fact]
    public async Task Instance_received_again_between_the_purge_commit_and_the_deletion_keeps_its_file()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.22");
        node.Clock.Advance(TimeSpan.FromHours(73));
        var cutoff = node.Now - TimeSpan.FromHours(72);
        await node.Retention.PurgeAsync(study.StudyInstanceUid, cutoff, cutoff, study.ResultsFolder, node.Now, _ => Task.CompletedTask, None);
        var (again, _) = await node.ReceiveAsync(study.StudyInstanceUid, "1.2.826.22.1", "1.2.826.22.1.1");
        Assert.Equal(study.SpoolFile, again);

        await node.NewRetention().RunOnceAsync(None);

        Assert.True(File.Exists(again));
        // The old results stay with the new record of the study, and go when that record is purged.
        Assert.True(Directory.Exists(study.ResultsFolder));
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));
    }

    [Fact]
    public async Task Spool_file_being_received_during_the_deletion_is_left_to_the_receive_and_looked_at_again_next_check()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.25");
        node.Clock.Advance(TimeSpan.FromHours(73));
        var receive = await node.SpoolGate.EnterReceiveAsync(study.SpoolFile, None); // the SCP is receiving the same SOP Instance UID

        Assert.Equal(1, (await node.NewRetention().RunOnceAsync(None)).StudiesPurged);
        Assert.True(File.Exists(study.SpoolFile));
        Assert.False(Directory.Exists(study.ResultsFolder));
        var left = Assert.Single(await node.Retention.ListFileDeletionsAsync(0, 10, None));
        Assert.Equal(study.SpoolFile, left.Path);

        // The receive failed (not indexed): the next check deletes the purged study's file after all.
        await receive.DisposeAsync();
        await node.NewRetention().RunOnceAsync(None);
        Assert.False(File.Exists(study.SpoolFile));
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));
    }

    [Fact]
    public async Task Study_that_received_an_instance_after_it_was_listed_is_not_purged()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.23");
        node.Clock.Advance(TimeSpan.FromHours(73));
        var cutoff = node.Now - TimeSpan.FromHours(72);
        Assert.Single(await node.Retention.ListPurgeableAsync(cutoff, cutoff, 10, None));
        await node.ReceiveAsync(study.StudyInstanceUid, "1.2.826.23.1", "1.2.826.23.1.2"); // late: back to receiving (Rerun)

        var purged = await node.Retention.PurgeAsync(study.StudyInstanceUid, cutoff, cutoff, study.ResultsFolder, node.Now,
            _ => throw new InvalidOperationException("must not be audited"), None);

        Assert.Null(purged);
        Assert.Equal(StudyState.Receiving, (await node.Studies.GetStudyAsync(study.StudyInstanceUid, None))!.State);
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));
    }

    [Fact]
    public async Task Failure_to_audit_a_purge_rolls_it_back()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var study = await node.FinishedStudyAsync("1.2.826.24");
        node.Clock.Advance(TimeSpan.FromHours(73));
        var cutoff = node.Now - TimeSpan.FromHours(72);

        await Assert.ThrowsAsync<IOException>(() => node.Retention.PurgeAsync(study.StudyInstanceUid, cutoff, cutoff, study.ResultsFolder, node.Now,
            _ => throw new IOException("audit disk full"), None));

        Assert.Equal(StudyState.Done, (await node.Studies.GetStudyAsync(study.StudyInstanceUid, None))!.State);
        Assert.NotNull(await node.Outbox.GetAsync(study.OutboxId, None));
        Assert.Empty(await node.Retention.ListFileDeletionsAsync(0, 10, None));
        Assert.True(File.Exists(study.SpoolFile));
    }

    [Fact]
    public async Task A_check_purges_at_most_MaxStudiesPerCheck_and_says_more_are_due()
    {
        await using var node = await RetentionFixture.CreateAsync(r => r.MaxStudiesPerCheck = 2);
        foreach (var uid in new[] { "1.2.826.30", "1.2.826.31", "1.2.826.32" }) await node.FinishedStudyAsync(uid);
        node.Clock.Advance(TimeSpan.FromHours(73));

        var first = await node.NewRetention().RunOnceAsync(None);
        var second = await node.NewRetention().RunOnceAsync(None);

        Assert.Equal((2, true), (first.StudiesPurged, first.MoreDue));
        Assert.Equal((1, false), (second.StudiesPurged, second.MoreDue));
        Assert.Equal(3, node.Metrics.StudiesPurged.Value("done"));
    }

    [Fact]
    public async Task Stale_part_files_in_the_spool_are_deleted_and_fresh_ones_kept()
    {
        await using var node = await RetentionFixture.CreateAsync();
        Directory.CreateDirectory(node.Options.SpoolFolderPath);
        string Write(string name, TimeSpan age)
        {
            var path = Path.Combine(node.Options.SpoolFolderPath, name);
            File.WriteAllBytes(path, new byte[10]);
            File.SetLastWriteTimeUtc(path, (node.Now - age).UtcDateTime);
            return path;
        }
        var stale = Write(".1.2.3.4.0123456789abcdef.part", TimeSpan.FromMinutes(61));
        var fresh = Write(".1.2.3.5.0123456789abcdef.part", TimeSpan.FromMinutes(5));
        var unindexed = Write("1.2.3.6.dcm", TimeSpan.FromDays(30)); // not a temporary file: never touched by the sweep

        var result = await node.NewRetention().RunOnceAsync(None);

        Assert.Equal(1, result.StaleTempFilesDeleted);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(unindexed));
        Assert.Equal(1, node.Metrics.StaleTempFilesDeleted.Value());
    }

    [Fact]
    public async Task Stale_part_files_are_kept_when_StaleTempFileMinutes_is_zero()
    {
        await using var node = await RetentionFixture.CreateAsync(r => r.StaleTempFileMinutes = 0);
        Directory.CreateDirectory(node.Options.SpoolFolderPath);
        var path = Path.Combine(node.Options.SpoolFolderPath, ".1.2.3.4.0123456789abcdef.part");
        File.WriteAllBytes(path, new byte[10]);
        File.SetLastWriteTimeUtc(path, (node.Now - TimeSpan.FromDays(2)).UtcDateTime);

        Assert.Equal(0, (await node.NewRetention().RunOnceAsync(None)).StaleTempFilesDeleted);
        Assert.True(File.Exists(path));
    }
}
