using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Studies;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Storage;

public sealed class StableStudyWorkerTests
{
    [Fact]
    public async Task Worker_marks_a_study_ready_about_its_stable_age_after_the_last_instance()
    {
        using var folder = new TempFolder();
        var options = new NodeOptions { BaseDirectory = folder.Path, StableAgeSeconds = 1 };
        var db = new NodeDatabase(options.DatabasePath);
        await db.MigrateAsync(CancellationToken.None);
        await using var audit = new AuditLog(MsOptions.Create(options), TimeProvider.System);
        var signal = new ReadyStudySignal();
        var studies = new StudyRepository(db);
        var detector = new StableStudyDetector(studies, MsOptions.Create(options), TimeProvider.System, audit, signal, new ListLogger<StableStudyDetector>());
        using var worker = new StableStudyWorker(detector, TimeProvider.System, new ListLogger<StableStudyWorker>());
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var last = DateTimeOffset.UtcNow;
            await detector.RecordInstanceAsync(Instances.Make("5.5", "5.5.1", "5.5.1.1", last), CancellationToken.None);
            Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None), "no study became ready within 10 s");
            var study = await studies.GetStudyAsync("5.5", CancellationToken.None);
            Assert.Equal(StudyState.Ready, study!.State);
            var waited = study.ReadyAt!.Value - last;
            Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
