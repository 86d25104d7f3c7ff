using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>
/// The spool's write-ahead journal: an acknowledged instance survives the loss of its spool file (what a power cut
/// can do to a file that was renamed but never flushed), a torn record is never restored, instances too big for a
/// segment fall back to the two-flush path, and full segments are checkpointed and reused.
/// </summary>
public sealed class SpoolJournalTests : IAsyncLifetime
{
    private string _series = "";

    public async Task InitializeAsync() => _series = await Peer.MakeCtSeriesAsync(8);

    public Task DisposeAsync()
    {
        Directory.Delete(_series, recursive: true);
        return Task.CompletedTask;
    }

    private static SpoolingOptions Journaled(string folder, long segment = 32L * 1024 * 1024, int segments = 8) =>
        new() { Folder = folder, Journal = true, JournalSegmentLength = segment, JournalSegments = segments };

    /// <summary>Receives the files through a real association into <paramref name="options"/>' folder, then stops (no checkpoint on stop).</summary>
    private static async Task<Dictionary<string, byte[]>> ReceiveAsync(SpoolingOptions options, string[] files)
    {
        var handler = new SpoolingCStoreHandler(options);
        var server = new DicomServer(new DicomServerOptions { Port = 0 }, AETitlePolicy.AcceptAny, handler);
        server.Start();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = server.Port, CalledAETitle = "NODE" });
        var results = await client.StoreFilesAsync(files);
        Assert.All(results, r => Assert.Equal(DicomStatus.Success, r.Status));
        await server.StopAsync();
        await server.DisposeAsync();
        handler.Dispose();
        return Directory.GetFiles(options.Folder, "*.dcm").ToDictionary(f => f, File.ReadAllBytes);
    }

    [Fact]
    public async Task Acknowledged_instances_lost_from_the_spool_folder_are_restored_on_the_next_start_and_only_once()
    {
        var options = Journaled(Peer.TempFolder("journal"));
        var received = await ReceiveAsync(options, Directory.GetFiles(_series));
        Assert.Equal(8, received.Count);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(options.Folder, ".journal"), "segment-*.dj"));
        var paths = received.Keys.Order(StringComparer.Ordinal).ToArray();
        File.Delete(paths[0]);
        File.Delete(paths[1]);
        using (var f = new FileStream(paths[2], FileMode.Open)) { f.SetLength(f.Length / 2); }
        File.WriteAllBytes(paths[3], new byte[10]);

        using (var restarted = new SpoolingCStoreHandler(options))
        {
            Assert.Equal(8, restarted.RecoveredFiles.Count);
        }
        foreach (var (path, bytes) in received)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        using (var again = new SpoolingCStoreHandler(options))
        {
            Assert.Empty(again.RecoveredFiles); // the replay reset the segments
        }
        Directory.Delete(options.Folder, recursive: true);
    }

    [Fact]
    public async Task A_record_whose_payload_does_not_match_its_hash_is_not_restored()
    {
        var options = Journaled(Peer.TempFolder("torn"));
        var received = await ReceiveAsync(options, Directory.GetFiles(_series).Order(StringComparer.Ordinal).Take(1).ToArray());
        var path = Assert.Single(received.Keys);
        File.Delete(path);
        // The only record starts at 4096 (after the segment header); its payload at 4096 + 512. Flip one payload byte,
        // as a power cut between the header's and the payload's blocks reaching the disk would leave it.
        var segment = Directory.GetFiles(Path.Combine(options.Folder, ".journal"), "segment-*.dj").Single(s => new FileInfo(s).Length > 0 && HasRecord(s));
        using (var f = new FileStream(segment, FileMode.Open))
        {
            f.Position = 4096 + 512 + 1000;
            int b = f.ReadByte();
            f.Position--;
            f.WriteByte((byte)(b ^ 0xFF));
        }
        using (var restarted = new SpoolingCStoreHandler(options))
        {
            Assert.Empty(restarted.RecoveredFiles);
        }
        Assert.False(File.Exists(path));
        Directory.Delete(options.Folder, recursive: true);
    }

    [Fact]
    public async Task Instance_larger_than_a_segment_is_flushed_the_two_step_way_and_not_journaled()
    {
        var options = Journaled(Peer.TempFolder("big"), segment: 64 * 1024);
        var received = await ReceiveAsync(options, Directory.GetFiles(_series).Take(2).ToArray());
        Assert.Equal(2, received.Count);
        using (var restarted = new SpoolingCStoreHandler(options))
        {
            Assert.Empty(restarted.RecoveredFiles);
        }
        foreach (var (path, bytes) in received)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        Directory.Delete(options.Folder, recursive: true);
    }

    [Fact]
    public async Task Full_segments_are_checkpointed_and_reused_and_everything_stays_intact()
    {
        // 2 MiB segments hold three 525 KB instances before they pass three quarters and are checkpointed.
        var options = Journaled(Peer.TempFolder("rotate"), segment: 2 * 1024 * 1024, segments: 2);
        var received = await ReceiveAsync(options, Directory.GetFiles(_series));
        Assert.Equal(8, received.Count);
        Assert.InRange(Directory.GetFiles(Path.Combine(options.Folder, ".journal"), "segment-*.dj").Length, 1, 2);
        int recovered;
        using (var restarted = new SpoolingCStoreHandler(options))
        {
            recovered = restarted.RecoveredFiles.Count;
        }
        Assert.InRange(recovered, 0, 5); // at least one segment was checkpointed: its records are no longer replayed
        foreach (var (path, bytes) in received)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        Directory.Delete(options.Folder, recursive: true);
    }

    private static bool HasRecord(string segment)
    {
        using var f = File.OpenRead(segment);
        var magic = new byte[8];
        f.Position = 4096;
        f.ReadExactly(magic);
        return magic.AsSpan().SequenceEqual("DANJREC1"u8);
    }

    [Fact]
    public async Task An_instance_its_validator_refuses_is_neither_put_in_place_nor_journaled_and_an_earlier_copy_stays()
    {
        var folder = Peer.TempFolder("validate");
        var files = Directory.GetFiles(_series).Order(StringComparer.Ordinal).Take(2).ToArray();
        var first = await ReceiveAsync(Journaled(folder), files);
        var refuse = Journaled(folder) with
        {
            Validate = (path, request, ct) =>
            {
                Assert.True(File.Exists(path), "the validator gets the complete temporary file");
                throw new InvalidDataException("refused by the validator");
            },
        };
        using var handler = new SpoolingCStoreHandler(refuse);
        var server = new DicomServer(new DicomServerOptions { Port = 0 }, AETitlePolicy.AcceptAny, handler);
        server.Start();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = server.Port, CalledAETitle = "NODE" });

        var results = await client.StoreFilesAsync(files);
        await server.StopAsync();
        await server.DisposeAsync();

        Assert.All(results, r => Assert.True(r.Status.IsFailure, $"{r.Status}"));
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal));
        Assert.All(first, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        Assert.Empty(Directory.GetFiles(folder, "*.part"));
    }
}
