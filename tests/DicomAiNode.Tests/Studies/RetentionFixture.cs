using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Storage;
using DicomAiNode.Studies;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Time.Testing;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Studies;

/// <summary>
/// A node store (database, spool, results, audit) in a temp folder on a fake clock, with studies taken through their
/// life cycle by the same repositories the node uses.
/// </summary>
internal sealed class RetentionFixture : IAsyncDisposable
{
    public const string Destination = "ORTHANC";
    public const int InstanceBytes = 1000;
    public const int ResultBytes = 500;

    private static readonly CancellationToken None = CancellationToken.None;

    private RetentionFixture(TempFolder folder, NodeOptions options, NodeDatabase database)
    {
        Folder = folder;
        Options = options;
        Database = database;
        Studies = new StudyRepository(database);
        Jobs = new JobRepository(database);
        Outbox = new OutboxRepository(database);
        Retention = new RetentionRepository(database);
        Audit = new AuditLog(MsOptions.Create(options), Clock);
        Metrics = new NodeMetrics(new MetricRegistry());
    }

    public TempFolder Folder { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public NodeOptions Options { get; }

    public NodeDatabase Database { get; }

    public StudyRepository Studies { get; }

    public JobRepository Jobs { get; }

    public OutboxRepository Outbox { get; }

    public RetentionRepository Retention { get; }

    public AuditLog Audit { get; }

    public NodeMetrics Metrics { get; }

    public ListLogger<StudyRetention> Log { get; } = new();

    public SpoolFileGate SpoolGate { get; } = new();

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static async Task<RetentionFixture> CreateAsync(Action<RetentionOptions>? configure = null)
    {
        var folder = new TempFolder();
        var options = new NodeOptions { BaseDirectory = folder.Path };
        options.Retention.PurgeBelowFreeMegabytes = 0; // age only, whatever this machine's free space; tests that want it set it
        configure?.Invoke(options.Retention);
        var database = new NodeDatabase(options.DatabasePath);
        await database.MigrateAsync(None);
        return new RetentionFixture(folder, options, database);
    }

    public StudyRetention NewRetention() => new(Retention, MsOptions.Create(Options), Clock, Audit, SpoolGate, new DiskSpaceGuard(MsOptions.Create(Options)), Metrics, Log);

    public StableStudyDetector NewDetector() =>
        new(Studies, MsOptions.Create(Options), Clock, Audit, new ReadyStudySignal(), new ListLogger<StableStudyDetector>());

    /// <summary>Stores an instance's file in the spool and indexes it, as the SCP does; returns the file.</summary>
    public async Task<(string Path, InstanceArrival Arrival)> ReceiveAsync(string study, string series, string sop)
    {
        var path = System.IO.Path.Combine(Options.SpoolFolderPath, sop + ".dcm");
        Directory.CreateDirectory(Options.SpoolFolderPath);
        await File.WriteAllBytesAsync(path, new byte[InstanceBytes]);
        var arrival = await NewDetector().RecordInstanceAsync(Instances.Make(study, series, sop, Now) with { Path = path, Size = InstanceBytes }, None);
        return (path, arrival);
    }

    /// <summary>Makes the study ready and takes it for processing (it must be the only ready one).</summary>
    public async Task ClaimAsync(string study)
    {
        await Studies.PromoteStableAsync(Now, Now, None);
        var claimed = await Studies.ClaimReadyAsync(None);
        Assert.Equal(study, claimed?.StudyInstanceUid);
    }

    /// <summary>
    /// One instance received, processed (done, or failed) by one job that put one result file into the outbox, whose
    /// delivery is left in <paramref name="delivery"/>. Create such studies before any left receiving or ready.
    /// </summary>
    public async Task<FinishedStudy> FinishedStudyAsync(string study, OutboxState delivery = OutboxState.Delivered, bool succeeded = true)
    {
        string series = study + ".1";
        var (spool, _) = await ReceiveAsync(study, series, series + ".1");
        await ClaimAsync(study);
        long job = await Jobs.SchedulePendingAsync(study, series, "chest", Now, None);
        await Jobs.StartAsync(job, Now, None);
        await Jobs.CompleteAsync(job, Now, None);
        string resultsFolder = System.IO.Path.Combine(Options.ResultsFolderPath, study);
        string result = System.IO.Path.Combine(resultsFolder, series, "chest", study + ".9.dcm");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(result)!);
        await File.WriteAllBytesAsync(result, new byte[ResultBytes]);
        long id = await Outbox.EnqueueAsync(new OutboxRequest(study, Destination, result, study + ".9", job), Now, None);
        if (delivery is OutboxState.Sending or OutboxState.Delivered or OutboxState.Dead)
            Assert.Single(await Outbox.ClaimDueAsync(Now, 100, None));
        if (delivery == OutboxState.Delivered) await Outbox.MarkDeliveredAsync(id, 1, Now, None);
        if (delivery == OutboxState.Dead) await Outbox.MarkDeadAsync(id, 20, "refused: A801", Now, None);
        if (delivery == OutboxState.Discarded) Assert.True(await Outbox.DiscardAsync(id, Now, None));
        Assert.Equal(delivery, (await Outbox.GetAsync(id, None))!.State);
        await Studies.CompleteProcessingAsync(study, succeeded, succeeded ? null : "inference failed", Now, None);
        return new FinishedStudy(study, spool, resultsFolder, id);
    }

    public async Task<IReadOnlyList<AuditEvent>> AuditAsync(string study, string type)
    {
        var events = new List<AuditEvent>();
        if (!File.Exists(Audit.FilePath)) return events;
        await foreach (var record in AuditReader.QueryAsync(Audit.FilePath, new AuditQuery { StudyInstanceUid = study }, None))
        {
            if (record.Event.Type == type) events.Add(record.Event);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync();
        SpoolGate.Dispose();
        Folder.Dispose();
    }
}

/// <summary>A study made by <see cref="RetentionFixture.FinishedStudyAsync"/>: its spool file, results folder and outbox entry.</summary>
internal sealed record FinishedStudy(string StudyInstanceUid, string SpoolFile, string ResultsFolder, long OutboxId);
