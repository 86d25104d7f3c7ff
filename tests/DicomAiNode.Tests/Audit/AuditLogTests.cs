using System.Text;

using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new();

    public void Dispose() => _folder.Dispose();

    private AuditLog NewLog(bool includePatientId = false)
    {
        var options = new NodeOptions { BaseDirectory = _folder.Path };
        options.Audit.IncludePatientId = includePatientId;
        return new AuditLog(MsOptions.Create(options), _clock);
    }

    private string LogPath => Path.Combine(_folder.Path, "data", "audit", "audit.jsonl");

    private static async Task<List<AuditRecord>> ReadAllAsync(string path, AuditQuery? query = null)
    {
        var list = new List<AuditRecord>();
        await foreach (var r in AuditReader.QueryAsync(path, query ?? new AuditQuery(), CancellationToken.None)) list.Add(r);
        return list;
    }

    [Fact]
    public async Task Events_are_written_as_chained_JSON_lines_with_UTC_ISO_times()
    {
        await using (var log = NewLog())
        {
            await log.WriteAsync(AuditEvents.AssociationAccepted("STORESCU", "AINODE", "127.0.0.1:40000"), CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await log.WriteAsync(AuditEvents.InstancesReceived("1.2.3", "STORESCU", "127.0.0.1:40000", 10, 5000), CancellationToken.None);
        }
        var lines = File.ReadAllLines(LogPath);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"time\":\"2026-01-02T03:04:05.000Z\",\"type\":\"association.accepted\",", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"\"prevHash\":\"{AuditChain.Genesis}\"}}", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"\"prevHash\":\"{AuditChain.Hash(Encoding.UTF8.GetBytes(lines[0]))}\"}}", lines[1], StringComparison.Ordinal);
        var verification = await AuditReader.VerifyAsync(LogPath, CancellationToken.None);
        Assert.True(verification.IsIntact);
        Assert.Equal(2, verification.LinesChecked);
    }

    [Fact]
    public async Task Restart_continues_the_chain_from_the_last_line()
    {
        await using (var log = NewLog())
            await log.WriteAsync(AuditEvents.StudyReady("1.2.3", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
        await using (var log = NewLog())
            await log.WriteAsync(AuditEvents.Error("1.2.3", "pipeline", "boom"), CancellationToken.None);
        Assert.True((await AuditReader.VerifyAsync(LogPath, CancellationToken.None)).IsIntact);
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task Torn_last_line_from_a_crash_is_cut_off_and_the_chain_goes_on()
    {
        await using (var log = NewLog())
            await log.WriteAsync(AuditEvents.StudyReady("1.2.3", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
        await File.AppendAllTextAsync(LogPath, "{\"time\":\"2026-01-02T03:04");
        Assert.Single(await ReadAllAsync(LogPath));
        await using (var log = NewLog())
            await log.WriteAsync(AuditEvents.Error("1.2.3", "pipeline", "boom"), CancellationToken.None);
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
        Assert.True((await AuditReader.VerifyAsync(LogPath, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Verify_names_the_first_line_after_an_edited_one()
    {
        await using (var log = NewLog())
        {
            for (int i = 0; i < 5; i++)
                await log.WriteAsync(AuditEvents.Delivery("1.2.3", "ORTHANC", $"2.25.{i}", true, 1, null), CancellationToken.None);
        }
        var lines = File.ReadAllLines(LogPath);
        lines[2] = lines[2].Replace("\"outcome\":\"success\"", "\"outcome\":\"failure\"", StringComparison.Ordinal);
        File.WriteAllLines(LogPath, lines);
        var verification = await AuditReader.VerifyAsync(LogPath, CancellationToken.None);
        Assert.False(verification.IsIntact);
        Assert.Equal(4, verification.FirstBrokenLine);
        Assert.Contains("line 4 does not follow line 3", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_detects_a_removed_line()
    {
        await using (var log = NewLog())
        {
            for (int i = 0; i < 3; i++)
                await log.WriteAsync(AuditEvents.StudyReady($"1.{i}", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
        }
        var lines = File.ReadAllLines(LogPath).ToList();
        lines.RemoveAt(0);
        File.WriteAllLines(LogPath, lines);
        var verification = await AuditReader.VerifyAsync(LogPath, CancellationToken.None);
        Assert.Equal(1, verification.FirstBrokenLine);
    }

    [Fact]
    public async Task Concurrent_writers_keep_the_chain_intact()
    {
        await using (var log = NewLog())
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
                log.WriteAsync(AuditEvents.InstancesReceived($"1.{i % 7}", "STORESCU", "127.0.0.1:1", 1, i), CancellationToken.None))));
        }
        var verification = await AuditReader.VerifyAsync(LogPath, CancellationToken.None);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(200, verification.LinesChecked);
    }

    [Fact]
    public async Task Patient_ID_is_written_only_when_configured_and_queries_filter()
    {
        await using (var log = NewLog(includePatientId: false))
            await log.WriteAsync(AuditEvents.InstancesReceived("1.1", "STORESCU", "127.0.0.1:1", 1, 1, patientId: "PID-1"), CancellationToken.None);
        Assert.DoesNotContain("PID-1", File.ReadAllText(LogPath), StringComparison.Ordinal);

        await using (var log = NewLog(includePatientId: true))
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await log.WriteAsync(AuditEvents.InstancesReceived("2.2", "MODALITY", "127.0.0.1:1", 1, 1, patientId: "PID-2"), CancellationToken.None);
            await log.WriteAsync(AuditEvents.AssociationRejected("ROGUE", "AINODE", "10.0.0.9:1", "unknown calling AE"), CancellationToken.None);
        }
        var all = await ReadAllAsync(LogPath);
        Assert.Equal("PID-2", all[1].Event.PatientId);
        Assert.Equal([2L], (await ReadAllAsync(LogPath, new AuditQuery { StudyInstanceUid = "2.2" })).Select(r => r.LineNumber));
        Assert.Equal([3L], (await ReadAllAsync(LogPath, new AuditQuery { Outcome = AuditOutcome.Rejected })).Select(r => r.LineNumber));
        Assert.Equal([2L], (await ReadAllAsync(LogPath, new AuditQuery { CallingAeTitle = "MODALITY" })).Select(r => r.LineNumber));
        var t0 = new ManualClock().GetUtcNow();
        Assert.Equal([1L], (await ReadAllAsync(LogPath, new AuditQuery { Until = t0.AddMinutes(1) })).Select(r => r.LineNumber));
        Assert.Equal([2L, 3L], (await ReadAllAsync(LogPath, new AuditQuery { Since = t0.AddMinutes(1) })).Select(r => r.LineNumber));
    }

    [Fact]
    public async Task Details_round_trip_through_the_line_format()
    {
        await using (var log = NewLog())
            await log.WriteAsync(AuditEvents.Inference("1.1", "1.1.1", "chest", "models/m.onnx", ["lung_nodule"], 120, 3,
                TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(1500), "CPU"), CancellationToken.None);
        var record = Assert.Single(await ReadAllAsync(LogPath));
        Assert.Equal(AuditEventTypes.Inference, record.Event.Type);
        Assert.Equal(3, (int)record.Event.Details!["findings"]!);
        Assert.Equal("lung_nodule", (string)record.Event.Details["classes"]![0]!);
        Assert.Equal(AuditChain.Genesis, record.PrevHash);
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_lock_and_readers_do_not_block_writers()
    {
        await using var log = NewLog();
        await log.WriteAsync(AuditEvents.StudyReady("1.1", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
        Task pending;
        // Another process (here: another open file description) holds the writers' lock.
        await using (new FileStream(log.LockFilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            pending = log.WriteAsync(AuditEvents.StudyReady("2.2", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
            await Task.Delay(300);
            Assert.False(pending.IsCompleted);
        }
        await pending.WaitAsync(TimeSpan.FromSeconds(5));

        await using (new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            await log.WriteAsync(AuditEvents.StudyReady("3.3", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var verification = await AuditReader.VerifyAsync(LogPath, CancellationToken.None);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(3, verification.LinesChecked);
    }
}
