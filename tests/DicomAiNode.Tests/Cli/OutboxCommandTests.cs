using DicomAiNode.Audit;
using DicomAiNode.Cli;
using DicomAiNode.Configuration;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

public sealed class OutboxCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new OutboxCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Lists_pending_and_dead_results_retries_and_discards_with_audit()
    {
        using var node = new NodeFolder();
        var options = NodeConfiguration.Bind(NodeConfiguration.Build(node.SettingsPath), node.SettingsPath);
        var db = new NodeDatabase(options.DatabasePath);
        await db.MigrateAsync(CancellationToken.None);
        var outbox = new OutboxRepository(db);
        var now = DateTimeOffset.UtcNow;
        long dead = await outbox.EnqueueAsync(new OutboxRequest("1.2.3", "ORTHANC", "/out/seg.dcm", "2.25.11"), now, CancellationToken.None);
        long pending = await outbox.EnqueueAsync(new OutboxRequest("1.2.3", "ORTHANC", "/out/sr.dcm", "2.25.12"), now, CancellationToken.None);
        await outbox.ClaimDueAsync(now, 1, CancellationToken.None);
        await outbox.MarkDeadAsync(dead, 20, "20 attempts failed", now, CancellationToken.None);

        var (code, output, _) = await RunAsync("--config", node.SettingsPath);
        Assert.Equal(0, code);
        Assert.Contains("2.25.11", output, StringComparison.Ordinal);
        Assert.Contains("20 attempts failed", output, StringComparison.Ordinal);
        Assert.Contains("1 pending, 1 dead", output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("retry", dead.ToString(), "--config", node.SettingsPath)).Code);
        Assert.Equal(OutboxState.Pending, (await outbox.GetAsync(dead, CancellationToken.None))!.State);
        Assert.Equal(0, (await RunAsync("discard", pending.ToString(), "--config", node.SettingsPath)).Code);
        Assert.Equal(OutboxState.Discarded, (await outbox.GetAsync(pending, CancellationToken.None))!.State);
        var (again, _, err) = await RunAsync("discard", pending.ToString(), "--config", node.SettingsPath);
        Assert.Equal(1, again);
        Assert.Contains("is discarded: cannot discard it", err, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("retry", "999", "--config", node.SettingsPath)).Code);

        var operatorEvents = new List<AuditRecord>();
        await foreach (var r in AuditReader.QueryAsync(options.AuditLogPath, new AuditQuery { StudyInstanceUid = "1.2.3" }, CancellationToken.None)) operatorEvents.Add(r);
        Assert.Equal(["outbox retry", "outbox discard"], operatorEvents.Select(r => (string)r.Event.Details!["action"]!));
        Assert.True((await AuditReader.VerifyAsync(options.AuditLogPath, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Without_a_database_says_where_it_looked()
    {
        using var node = new NodeFolder();
        var (code, _, err) = await RunAsync("--config", node.SettingsPath);
        Assert.Equal(1, code);
        Assert.Contains("no database at", err, StringComparison.Ordinal);
    }
}
