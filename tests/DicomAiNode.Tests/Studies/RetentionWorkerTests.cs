using DicomAiNode.Hosting;
using DicomAiNode.Studies;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Hosting;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Studies;

public sealed class RetentionWorkerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Worker_checks_at_start_and_again_after_each_interval_on_the_node_clock()
    {
        await using var node = await RetentionFixture.CreateAsync();
        var first = await node.FinishedStudyAsync("1.2.826.40");
        node.Clock.Advance(TimeSpan.FromHours(73));
        using var worker = new RetentionWorker(node.NewRetention(), MsOptions.Create(node.Options), node.Clock, new ListLogger<RetentionWorker>());
        await worker.StartAsync(None);
        try
        {
            await InProcessNode.WaitUntilAsync(async () => await node.Studies.GetStudyAsync(first.StudyInstanceUid, None) is null,
                TimeSpan.FromSeconds(10), "the check at start to purge the first study");

            var second = await node.FinishedStudyAsync("1.2.826.41");
            node.Clock.Advance(TimeSpan.FromHours(72) - node.Options.Retention.CheckInterval);
            // The worker sleeps on the fake clock: each step of one interval wakes it for one more check.
            await InProcessNode.WaitUntilAsync(async () =>
            {
                if (await node.Studies.GetStudyAsync(second.StudyInstanceUid, None) is null) return true;
                node.Clock.Advance(node.Options.Retention.CheckInterval);
                return false;
            }, TimeSpan.FromSeconds(10), "a later check to purge the second study");
            Assert.False(File.Exists(second.SpoolFile));
        }
        finally
        {
            await worker.StopAsync(None);
        }
    }

    [Fact]
    public async Task Node_host_runs_retention_and_deletes_a_stale_part_file_left_in_the_spool()
    {
        using var folder = new NodeFolder();
        var spool = Path.Combine(folder.DataFolder, "spool");
        Directory.CreateDirectory(spool);
        var stale = Path.Combine(spool, ".1.2.3.4.0123456789abcdef.part");
        var fresh = Path.Combine(spool, ".1.2.3.5.0123456789abcdef.part");
        File.WriteAllBytes(stale, new byte[10]);
        File.WriteAllBytes(fresh, new byte[10]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        using var host = NodeHost.CreateBuilder(folder.SettingsPath).Build();
        await host.StartAsync();
        try
        {
            await InProcessNode.WaitUntilAsync(() => Task.FromResult(!File.Exists(stale)), TimeSpan.FromSeconds(10), "the stale .part file to be deleted");
            Assert.True(File.Exists(fresh));
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token);
        }
    }
}
