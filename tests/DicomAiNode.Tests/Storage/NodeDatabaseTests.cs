using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Storage;

public sealed class NodeDatabaseTests : IDisposable
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
    public async Task New_database_is_migrated_to_latest_in_WAL_mode_and_migration_is_idempotent()
    {
        var db = new NodeDatabase(_folder.File("data/node.db"));
        Assert.Equal(SchemaMigrations.Latest, await db.MigrateAsync(CancellationToken.None));
        Assert.Equal(SchemaMigrations.Latest, await db.MigrateAsync(CancellationToken.None));
        Assert.True(await db.IsHealthyAsync(CancellationToken.None));
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Database_from_a_newer_program_is_refused_with_its_path()
    {
        var db = await OpenAsync();
        await using (var c = await db.OpenAsync(CancellationToken.None))
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA user_version = 99";
            await cmd.ExecuteNonQueryAsync();
        }
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.MigrateAsync(CancellationToken.None));
        Assert.Contains("node.db has schema version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_instances_into_series_and_study_and_survives_reopening()
    {
        var studies = new StudyRepository(await OpenAsync());
        var first = await studies.RecordInstanceAsync(Instances.Make("1.2.3", "1.2.3.1", "1.2.3.1.1", _t0), LateInstancePolicy.Rerun, CancellationToken.None);
        var second = await studies.RecordInstanceAsync(Instances.Make("1.2.3", "1.2.3.1", "1.2.3.1.2", _t0.AddSeconds(1)), LateInstancePolicy.Rerun, CancellationToken.None);
        var again = await studies.RecordInstanceAsync(Instances.Make("1.2.3", "1.2.3.1", "1.2.3.1.2", _t0.AddSeconds(2)), LateInstancePolicy.Rerun, CancellationToken.None);
        Assert.True(first.StudyIsNew);
        Assert.False(second.StudyIsNew);
        Assert.False(second.IsDuplicate);
        Assert.True(again.IsDuplicate);

        var reopened = new StudyRepository(await OpenAsync());
        var study = await reopened.GetStudyAsync("1.2.3", CancellationToken.None);
        Assert.NotNull(study);
        Assert.Equal(StudyState.Receiving, study.State);
        Assert.Equal("STORESCU", study.CallingAeTitle);
        Assert.Equal(_t0.AddSeconds(2), study.LastReceivedAt);
        var series = Assert.Single(await reopened.ListSeriesAsync("1.2.3", CancellationToken.None));
        Assert.Equal(2, series.InstanceCount);
        Assert.True(series.NeedsProcessing);
        Assert.Equal(["1.2.3.1.1", "1.2.3.1.2"], (await reopened.ListInstancesAsync("1.2.3.1", CancellationToken.None)).Select(i => i.SopInstanceUid));
    }

    [Fact]
    public async Task Study_lifecycle_promote_claim_complete_and_recover_after_crash()
    {
        var db = await OpenAsync();
        var studies = new StudyRepository(db);
        await studies.RecordInstanceAsync(Instances.Make("1.1", "1.1.1", "1.1.1.1", _t0), LateInstancePolicy.Rerun, CancellationToken.None);
        await studies.RecordInstanceAsync(Instances.Make("2.2", "2.2.1", "2.2.1.1", _t0.AddSeconds(20)), LateInstancePolicy.Rerun, CancellationToken.None);

        Assert.Equal(["1.1"], await studies.PromoteStableAsync(_t0.AddSeconds(10), _t0.AddSeconds(40), CancellationToken.None));
        Assert.Equal(_t0.AddSeconds(20), await studies.OldestReceivingAsync(CancellationToken.None));
        var claimed = await studies.ClaimReadyAsync(CancellationToken.None);
        Assert.Equal("1.1", claimed?.StudyInstanceUid);
        Assert.Equal(StudyState.Processing, claimed!.State);
        Assert.Null(await studies.ClaimReadyAsync(CancellationToken.None));

        // kill -9 during processing: a new process recovers the study to ready and processes it again.
        var restarted = new StudyRepository(await OpenAsync());
        Assert.Equal(1, await restarted.RecoverInterruptedAsync(CancellationToken.None));
        Assert.Equal("1.1", (await restarted.ClaimReadyAsync(CancellationToken.None))?.StudyInstanceUid);
        var series = Assert.Single(await restarted.ListSeriesToProcessAsync("1.1", CancellationToken.None));
        await restarted.MarkSeriesProcessedAsync(series.SeriesInstanceUid, series.LastReceivedAt, CancellationToken.None);
        Assert.Equal(StudyState.Done, await restarted.CompleteProcessingAsync("1.1", true, null, _t0.AddSeconds(50), CancellationToken.None));
        Assert.Empty(await restarted.ListSeriesToProcessAsync("1.1", CancellationToken.None));
        var counts = await restarted.CountByStateAsync(CancellationToken.None);
        Assert.Equal(1, counts[StudyState.Done]);
        Assert.Equal(1, counts[StudyState.Receiving]);
    }

    [Fact]
    public async Task Late_instance_after_done_reruns_only_its_series_under_Rerun()
    {
        var studies = new StudyRepository(await OpenAsync());
        await ProcessedStudyWithTwoSeriesAsync(studies);
        var late = await studies.RecordInstanceAsync(Instances.Make("9", "9.2", "9.2.9", _t0.AddMinutes(5)), LateInstancePolicy.Rerun, CancellationToken.None);
        Assert.True(late.IsLate);
        Assert.Equal(StudyState.Done, late.PreviousState);
        var study = await studies.GetStudyAsync("9", CancellationToken.None);
        Assert.Equal(StudyState.Receiving, study!.State);
        Assert.Equal(1, study.LateInstances);
        Assert.Equal(["9.2"], (await studies.ListSeriesToProcessAsync("9", CancellationToken.None)).Select(s => s.SeriesInstanceUid));
    }

    [Fact]
    public async Task Late_instance_after_done_is_only_counted_under_Ignore()
    {
        var studies = new StudyRepository(await OpenAsync());
        await ProcessedStudyWithTwoSeriesAsync(studies);
        var late = await studies.RecordInstanceAsync(Instances.Make("9", "9.2", "9.2.9", _t0.AddMinutes(5)), LateInstancePolicy.Ignore, CancellationToken.None);
        Assert.True(late.IsLate);
        var study = await studies.GetStudyAsync("9", CancellationToken.None);
        Assert.Equal(StudyState.Done, study!.State);
        Assert.Equal(1, study.LateInstances);
        Assert.Empty(await studies.ListSeriesToProcessAsync("9", CancellationToken.None));
        Assert.Equal(3, (await studies.ListSeriesAsync("9", CancellationToken.None)).Single(s => s.SeriesInstanceUid == "9.2").InstanceCount);
    }

    [Fact]
    public async Task Late_instance_during_processing_sends_the_study_back_to_receiving_when_processing_ends()
    {
        var studies = new StudyRepository(await OpenAsync());
        await studies.RecordInstanceAsync(Instances.Make("7", "7.1", "7.1.1", _t0), LateInstancePolicy.Rerun, CancellationToken.None);
        await studies.PromoteStableAsync(_t0, _t0.AddSeconds(30), CancellationToken.None);
        await studies.ClaimReadyAsync(CancellationToken.None);
        var seriesAsRead = Assert.Single(await studies.ListSeriesToProcessAsync("7", CancellationToken.None));
        var late = await studies.RecordInstanceAsync(Instances.Make("7", "7.1", "7.1.2", _t0.AddSeconds(40)), LateInstancePolicy.Rerun, CancellationToken.None);
        Assert.True(late.IsLate);
        await studies.MarkSeriesProcessedAsync("7.1", seriesAsRead.LastReceivedAt, CancellationToken.None);
        Assert.Equal(StudyState.Receiving, await studies.CompleteProcessingAsync("7", true, null, _t0.AddSeconds(45), CancellationToken.None));
        Assert.Equal(["7.1"], (await studies.ListSeriesToProcessAsync("7", CancellationToken.None)).Select(s => s.SeriesInstanceUid));
    }

    private async Task ProcessedStudyWithTwoSeriesAsync(StudyRepository studies)
    {
        foreach (var (series, sop) in new[] { ("9.1", "9.1.1"), ("9.1", "9.1.2"), ("9.2", "9.2.1"), ("9.2", "9.2.2") })
            await studies.RecordInstanceAsync(Instances.Make("9", series, sop, _t0), LateInstancePolicy.Rerun, CancellationToken.None);
        await studies.PromoteStableAsync(_t0, _t0.AddSeconds(30), CancellationToken.None);
        await studies.ClaimReadyAsync(CancellationToken.None);
        foreach (var s in await studies.ListSeriesToProcessAsync("9", CancellationToken.None))
            await studies.MarkSeriesProcessedAsync(s.SeriesInstanceUid, s.LastReceivedAt, CancellationToken.None);
        await studies.CompleteProcessingAsync("9", true, null, _t0.AddSeconds(60), CancellationToken.None);
    }
}
