using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Studies;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Storage;

public sealed class StableStudyDetectorTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly NodeOptions _options;
    private NodeDatabase _db = null!;
    private AuditLog _audit = null!;

    public StableStudyDetectorTests()
    {
        _options = new NodeOptions { BaseDirectory = _folder.Path, StableAgeSeconds = 30 };
    }

    public async Task InitializeAsync()
    {
        _db = new NodeDatabase(_options.DatabasePath);
        await _db.MigrateAsync(CancellationToken.None);
        _audit = new AuditLog(MsOptions.Create(_options), _clock);
    }

    public async Task DisposeAsync()
    {
        await _audit.DisposeAsync();
        _folder.Dispose();
    }

    private StableStudyDetector NewDetector(ReadyStudySignal? signal = null) =>
        new(new StudyRepository(_db), MsOptions.Create(_options), _clock, _audit, signal ?? new ReadyStudySignal(), new ListLogger<StableStudyDetector>());

    [Fact]
    public async Task Study_becomes_ready_only_after_its_stable_age_without_instances()
    {
        var signal = new ReadyStudySignal();
        var detector = NewDetector(signal);
        await detector.RecordInstanceAsync(Instances.Make("1.1", "1.1.1", "1.1.1.1", default), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        await detector.RecordInstanceAsync(Instances.Make("1.1", "1.1.1", "1.1.1.2", default), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await detector.PromoteStableStudiesAsync(CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(10), await detector.TimeUntilNextAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["1.1"], await detector.PromoteStableStudiesAsync(CancellationToken.None));
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await detector.TimeUntilNextAsync(CancellationToken.None));
        var ready = new List<AuditRecord>();
        await foreach (var r in AuditReader.QueryAsync(_audit.FilePath, new AuditQuery { StudyInstanceUid = "1.1" }, CancellationToken.None)) ready.Add(r);
        var e = Assert.Single(ready).Event;
        Assert.Equal(AuditEventTypes.StudyReady, e.Type);
        Assert.Equal("STORESCU", e.CallingAeTitle);
    }

    [Fact]
    public async Task Quiet_period_survives_a_restart()
    {
        await NewDetector().RecordInstanceAsync(Instances.Make("2.2", "2.2.1", "2.2.1.1", default), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5)); // the node was down
        var afterRestart = NewDetector();
        Assert.Equal(["2.2"], await afterRestart.PromoteStableStudiesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Late_instance_is_audited_with_the_policy()
    {
        var detector = NewDetector();
        var studies = new StudyRepository(_db);
        await detector.RecordInstanceAsync(Instances.Make("3.3", "3.3.1", "3.3.1.1", default), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await detector.PromoteStableStudiesAsync(CancellationToken.None);
        await studies.ClaimReadyAsync(CancellationToken.None);
        await studies.CompleteProcessingAsync("3.3", true, null, _clock.GetUtcNow(), CancellationToken.None);

        _options.LateInstancePolicy = LateInstancePolicy.Ignore;
        var arrival = await detector.RecordInstanceAsync(Instances.Make("3.3", "3.3.1", "3.3.1.2", default), CancellationToken.None);
        Assert.True(arrival.IsLate);
        Assert.Equal(StudyState.Done, (await studies.GetStudyAsync("3.3", CancellationToken.None))!.State);
        var late = new List<AuditRecord>();
        await foreach (var r in AuditReader.QueryAsync(_audit.FilePath, new AuditQuery { Outcome = AuditOutcome.Skipped }, CancellationToken.None)) late.Add(r);
        Assert.Equal(AuditEventTypes.LateInstance, Assert.Single(late).Event.Type);
        Assert.Contains("ignored", late[0].Event.Message, StringComparison.Ordinal);
    }
}
