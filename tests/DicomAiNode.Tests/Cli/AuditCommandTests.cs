using System.Text.Json.Nodes;

using DicomAiNode.Audit;
using DicomAiNode.Cli;
using DicomAiNode.Configuration;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Cli;

public sealed class AuditCommandTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private string _path = "";

    public async Task InitializeAsync()
    {
        var options = new NodeOptions { BaseDirectory = _folder.Path };
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        await using var log = new AuditLog(MsOptions.Create(options), clock);
        _path = log.FilePath;
        await log.WriteAsync(AuditEvents.AssociationAccepted("STORESCU", "AINODE", "127.0.0.1:5000"), CancellationToken.None);
        await log.WriteAsync(AuditEvents.InstancesReceived("1.2.3", "STORESCU", "127.0.0.1:5000", 12, 6000), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(AuditEvents.StudyReady("1.2.3", "STORESCU", TimeSpan.FromSeconds(30)), CancellationToken.None);
        await log.WriteAsync(AuditEvents.AssociationRejected("ROGUE", "AINODE", "10.1.1.1:7", "calling AE not known"), CancellationToken.None);
        await log.WriteAsync(AuditEvents.RuleMatched("1.2.3", "1.2.3.4", "chest-ct-lung", ["Modality 'CT' matches /^CT$/"]), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new AuditCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Study_query_lists_its_steps_in_order_as_a_table()
    {
        var (code, output, _) = await RunAsync("--file", _path, "--study", "1.2.3");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("LINE  TIME (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.Contains("instances.received", lines[1], StringComparison.Ordinal);
        Assert.Contains("study.ready", lines[2], StringComparison.Ordinal);
        Assert.Contains("rule.matched", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_filters_by_outcome_calling_AE_and_time()
    {
        var (code, output, _) = await RunAsync("--file", _path, "--json", "--outcome", "rejected");
        Assert.Equal(0, code);
        var item = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal("ROGUE", (string)item["callingAe"]!);
        Assert.Equal(4, (int)item["line"]!);

        (_, output, _) = await RunAsync("--file", _path, "--json", "--calling-ae", "STORESCU", "--since", "2026-03-01T10:00:30Z");
        Assert.Equal(["study.ready"], JsonNode.Parse(output)!.AsArray().Select(n => (string)n!["type"]!));

        (_, output, _) = await RunAsync("--file", _path, "--json", "--until", "2026-03-01T10:00:30");
        Assert.Equal(2, JsonNode.Parse(output)!.AsArray().Count);
    }

    [Fact]
    public async Task Verify_passes_then_names_the_line_after_an_edited_one_with_exit_code_1()
    {
        var (code, output, _) = await RunAsync("--file", _path, "--verify");
        Assert.Equal(0, code);
        Assert.Contains("5 lines, hash chain intact", output, StringComparison.Ordinal);

        var lines = File.ReadAllLines(_path);
        lines[1] = lines[1].Replace("\"instances\":12", "\"instances\":13", StringComparison.Ordinal);
        File.WriteAllLines(_path, lines);
        (code, output, _) = await RunAsync("--file", _path, "--verify");
        Assert.Equal(1, code);
        Assert.Contains("hash chain BROKEN at line 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_are_usage_errors()
    {
        Assert.Equal(2, (await RunAsync("--file", _path, "--outcome", "maybe")).Code);
        Assert.Equal(2, (await RunAsync("--file", _path, "--since", "yesterday")).Code);
        Assert.Equal(2, (await RunAsync("--frobnicate")).Code);
        var (code, _, err) = await RunAsync("--file", _folder.File("missing.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }
}
