using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Outbox;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Outbox;

public sealed class OutboxSchedulerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly NodeOptions _options;
    private readonly ScriptedDestination _destination = new();
    private readonly FixedRandom _random = new(0);
    private readonly NodeMetrics _metrics = new(new MetricRegistry());
    private NodeDatabase _db = null!;
    private AuditLog _audit = null!;
    private OutboxRepository _outbox = null!;

    public OutboxSchedulerTests()
    {
        _options = TestNode.Options(_folder, copyShippedConfig: false);
        _options.Outbox.InitialRetrySeconds = 10;
        _options.Outbox.MaxRetrySeconds = 100;
        _options.Outbox.MaxAttempts = 3;
        _options.Outbox.BatchSize = 2;
    }

    public async Task InitializeAsync()
    {
        _db = new NodeDatabase(_options.DatabasePath);
        await _db.MigrateAsync(CancellationToken.None);
        _audit = new AuditLog(MsOptions.Create(_options), _clock);
        _outbox = new OutboxRepository(_db);
    }

    public async Task DisposeAsync()
    {
        await _audit.DisposeAsync();
        _folder.Dispose();
    }

    private OutboxScheduler NewScheduler() => new(new OutboxRepository(_db), _destination, MsOptions.Create(_options), _clock, _random, _audit,
        _metrics, new ListLogger<OutboxScheduler>());

    private async Task<long> EnqueueAsync(string sop, string destination = "ORTHANC")
    {
        var path = _folder.Write($"out/{sop}.dcm", $"content of {sop}");
        return await _outbox.EnqueueAsync(new OutboxRequest("1.2.3", destination, path, sop), _clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<List<AuditEvent>> AuditAsync()
    {
        var list = new List<AuditEvent>();
        await foreach (var r in AuditReader.QueryAsync(_audit.FilePath, new AuditQuery(), CancellationToken.None)) list.Add(r.Event);
        return list;
    }

    [Fact]
    public async Task Delivers_due_results_in_batches_per_destination_and_audits_each()
    {
        foreach (var sop in new[] { "2.25.1", "2.25.2", "2.25.3" }) await EnqueueAsync(sop);
        Assert.Equal(3, await NewScheduler().RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, _destination.Calls.Count); // batch size 2
        Assert.Equal(3, _destination.Stored.Count);
        Assert.Equal(3, await _outbox.CountAsync(OutboxState.Delivered, CancellationToken.None));
        Assert.Equal(3, _metrics.ResultsSent.Value("ORTHANC"));
        var audit = await AuditAsync();
        Assert.Equal(3, audit.Count(e => e.Type == AuditEventTypes.Delivery && e.Outcome == AuditOutcome.Success && e.StudyInstanceUid == "1.2.3"));
        Assert.Equal(0, await NewScheduler().RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Transient_failures_back_off_exponentially_then_dead_letter_after_max_attempts()
    {
        long id = await EnqueueAsync("2.25.9");
        _destination.Throw = new IOException("connection refused");
        var scheduler = NewScheduler();

        Assert.Equal(1, await scheduler.RunOnceAsync(CancellationToken.None));
        var item = await _outbox.GetAsync(id, CancellationToken.None);
        Assert.Equal(OutboxState.Pending, item!.State);
        Assert.Equal(1, item.Attempts);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(5), item.NextAttemptAt); // 10 s · (0.5 + 0.5 · 0)
        Assert.Equal("connection refused", item.LastError);
        Assert.Equal(0, await scheduler.RunOnceAsync(CancellationToken.None)); // not due yet

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await scheduler.RunOnceAsync(CancellationToken.None));
        item = await _outbox.GetAsync(id, CancellationToken.None);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(10), item!.NextAttemptAt); // 20 s · 0.5

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await scheduler.RunOnceAsync(CancellationToken.None));
        item = await _outbox.GetAsync(id, CancellationToken.None);
        Assert.Equal(OutboxState.Dead, item!.State);
        Assert.Equal(3, item.Attempts);
        Assert.Equal("3 attempts failed (Outbox.MaxAttempts 3)", item.LastError);
        Assert.Equal(2, _metrics.Retries.Value("ORTHANC"));
        Assert.Equal(1, _metrics.DeadLettered.Value("ORTHANC"));
        Assert.Contains(await AuditAsync(), e => e.Type == AuditEventTypes.DeliveryDeadLettered);
    }

    [Fact]
    public async Task Result_older_than_max_age_is_dead_lettered_on_its_next_failure()
    {
        _options.Outbox.MaxAgeHours = 1;
        long id = await EnqueueAsync("2.25.8");
        _clock.Advance(TimeSpan.FromHours(2));
        _destination.Answer = f => new FileDelivery(f.SopInstanceUid, DeliveryStatus.TransientFailure, "A700 out of resources");
        await NewScheduler().RunOnceAsync(CancellationToken.None);
        var item = await _outbox.GetAsync(id, CancellationToken.None);
        Assert.Equal(OutboxState.Dead, item!.State);
        Assert.StartsWith("undelivered for 2 h", item.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permanent_refusal_unknown_destination_and_missing_file_are_dead_lettered_at_once()
    {
        long refused = await EnqueueAsync("2.25.1");
        long unknown = await EnqueueAsync("2.25.2", destination: "GONE");
        long missing = await EnqueueAsync("2.25.3");
        File.Delete(_folder.File("out/2.25.3.dcm"));
        _destination.Answer = f => new FileDelivery(f.SopInstanceUid, DeliveryStatus.PermanentFailure, "0122 SOP class not supported");
        await NewScheduler().RunOnceAsync(CancellationToken.None);
        Assert.Equal("refused: 0122 SOP class not supported", (await _outbox.GetAsync(refused, CancellationToken.None))!.LastError);
        Assert.Equal("destination 'GONE' is not a peer in appsettings.json", (await _outbox.GetAsync(unknown, CancellationToken.None))!.LastError);
        Assert.StartsWith("result file ", (await _outbox.GetAsync(missing, CancellationToken.None))!.LastError, StringComparison.Ordinal);
        Assert.Equal(3, await _outbox.CountAsync(OutboxState.Dead, CancellationToken.None));
    }

    [Fact]
    public async Task Partial_batch_outcome_is_recorded_per_file()
    {
        long ok = await EnqueueAsync("2.25.1");
        long retry = await EnqueueAsync("2.25.2");
        _destination.Answer = f => f.SopInstanceUid == "2.25.1"
            ? new FileDelivery(f.SopInstanceUid, DeliveryStatus.Delivered)
            : new FileDelivery(f.SopInstanceUid, DeliveryStatus.TransientFailure, "A700");
        await NewScheduler().RunOnceAsync(CancellationToken.None);
        Assert.Equal(OutboxState.Delivered, (await _outbox.GetAsync(ok, CancellationToken.None))!.State);
        Assert.Equal(OutboxState.Pending, (await _outbox.GetAsync(retry, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Delivery_interrupted_by_a_crash_is_sent_again_and_the_destination_keeps_one_copy()
    {
        long id = await EnqueueAsync("2.25.5");
        // The process died after claiming (and perhaps sending) but before recording the outcome.
        Assert.Single(await _outbox.ClaimDueAsync(_clock.GetUtcNow(), 10, CancellationToken.None));
        _destination.Stored["2.25.5"] = "content of 2.25.5";

        Assert.Equal(1, await new OutboxRepository(_db).RecoverInterruptedAsync(CancellationToken.None));
        await NewScheduler().RunOnceAsync(CancellationToken.None);
        Assert.Equal(OutboxState.Delivered, (await _outbox.GetAsync(id, CancellationToken.None))!.State);
        Assert.Single(_destination.Stored);
    }

    [Fact]
    public async Task Worker_delivers_an_enqueued_result_when_woken()
    {
        var signal = new OutboxSignal();
        _options.Outbox.PollSeconds = 30; // only the signal can make it quick
        var worker = new OutboxWorker(NewScheduler(), _outbox, signal, MsOptions.Create(_options), TimeProvider.System, new ListLogger<OutboxWorker>());
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(200);
            var path = _folder.Write("out/2.25.7.dcm", "seg");
            await new ResultOutbox(_outbox, signal, _clock).EnqueueAsync([new OutboxRequest("1.2.3", "ORTHANC", path, "2.25.7")], CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!_destination.Stored.ContainsKey("2.25.7") && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(_destination.Stored.ContainsKey("2.25.7"), "the worker did not deliver the result within 10 s");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
