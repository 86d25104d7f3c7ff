using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Outbox;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Tests.Outbox;

public sealed class PooledDeliveryTests
{
    [Fact]
    public async Task Results_to_one_destination_share_a_pooled_association_released_when_idle_and_reopened_after_the_peer_went_away()
    {
        using var folder = new TempFolder();
        await using var storescp = await StoreScpPeer.StartAsync(folder.File("received"));
        var options = new NodeOptions();
        options.Node.AeTitle = "AINODE";
        options.Outbox.AssociationIdleSeconds = 1.5;
        await using var pool = new ResultAssociationPool(Options.Create(options), TimeProvider.System);
        var sender = new DicomResultSender(pool);
        var destination = new PeerOptions { AeTitle = "STORESCP", Host = "127.0.0.1", Port = storescp.Port, AllowDestination = true };
        var results = Enumerable.Range(1, 10).Select(i => OutboxFiles.Minimal(folder, i)).ToList();

        // Three batches in a row (SR and SEG classes mixed): one association carries them all.
        for (int b = 0; b < 3; b++)
        {
            var outcome = await sender.SendAsync(destination, results.Skip(2 * b).Take(2).ToList(), CancellationToken.None);
            Assert.All(outcome.Files, f => Assert.True(f.Status == DeliveryStatus.Delivered, f.Error));
        }
        Assert.Equal(1, pool.AssociationsOpened);
        Assert.Equal(1, storescp.AssociationsReceived);
        Assert.Equal(1, pool.IdleCount);

        // Idle longer than AssociationIdleSeconds: released with A-RELEASE; the next batch opens a new one.
        await WaitUntilAsync(() => pool.IdleCount == 0 && storescp.Count("Association Release") == 1, "the idle association was not released");
        var next = await sender.SendAsync(destination, results.Skip(6).Take(2).ToList(), CancellationToken.None);
        Assert.All(next.Files, f => Assert.True(f.Status == DeliveryStatus.Delivered, f.Error));
        Assert.Equal(2, pool.AssociationsOpened);

        // The peer dies while the pooled association is idle and comes back: the batch goes over a fresh association.
        await storescp.KillAsync();
        await storescp.RestartAsync();
        var after = await sender.SendAsync(destination, results.Skip(8).Take(2).ToList(), CancellationToken.None);
        Assert.All(after.Files, f => Assert.True(f.Status == DeliveryStatus.Delivered, f.Error));
        Assert.Equal(3, pool.AssociationsOpened);
        Assert.Equal(3, storescp.AssociationsReceived);
        Assert.Equal(10, Directory.GetFiles(folder.File("received")).Length);
        Assert.All(results, r => Assert.Single(Directory.GetFiles(folder.File("received"), "*" + r.SopInstanceUid)));
    }

    [Fact]
    public async Task Without_an_idle_time_every_batch_releases_its_association()
    {
        using var folder = new TempFolder();
        await using var storescp = await StoreScpPeer.StartAsync(folder.File("received"));
        var options = new NodeOptions();
        options.Outbox.AssociationIdleSeconds = 0;
        await using var pool = new ResultAssociationPool(Options.Create(options), TimeProvider.System);
        var sender = new DicomResultSender(pool);
        var destination = new PeerOptions { AeTitle = "STORESCP", Host = "127.0.0.1", Port = storescp.Port, AllowDestination = true };
        for (int i = 1; i <= 2; i++)
        {
            var outcome = await sender.SendAsync(destination, [OutboxFiles.Minimal(folder, i)], CancellationToken.None);
            Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Files).Status);
        }
        Assert.Equal(2, pool.AssociationsOpened);
        Assert.Equal(0, pool.IdleCount);
        await WaitUntilAsync(() => storescp.Count("Association Release") == 2, "storescp saw fewer than two releases");
    }

    [Fact]
    public async Task A_peer_aborting_mid_batch_leaves_every_unanswered_result_for_a_retry_and_no_association_in_the_pool()
    {
        using var folder = new TempFolder();
        await using var storescp = await StoreScpPeer.StartAsync(folder.File("received"), "--abort-after");
        var options = new NodeOptions();
        options.Outbox.AssociationIdleSeconds = 30;
        await using var pool = new ResultAssociationPool(Options.Create(options), TimeProvider.System);
        var sender = new DicomResultSender(pool);
        var destination = new PeerOptions { AeTitle = "STORESCP", Host = "127.0.0.1", Port = storescp.Port, AllowDestination = true };

        var outcome = await sender.SendAsync(destination, Enumerable.Range(1, 3).Select(i => OutboxFiles.Minimal(folder, i)).ToList(), CancellationToken.None);

        // The association was new, so the batch is not retried at once: the scheduler's backoff decides when.
        Assert.Equal(3, outcome.Files.Count);
        Assert.All(outcome.Files, f => Assert.Equal(DeliveryStatus.TransientFailure, f.Status));
        Assert.Equal(1, pool.AssociationsOpened);
        Assert.Equal(0, pool.IdleCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(failure);
            await Task.Delay(50);
        }
    }
}
