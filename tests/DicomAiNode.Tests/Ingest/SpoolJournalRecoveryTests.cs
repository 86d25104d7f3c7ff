using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Ingest;

public sealed class SpoolJournalRecoveryTests
{
    private static readonly Dictionary<string, string?> Quiet = new() { ["StableAgeSeconds"] = "3600" };

    private static DicomClient Client(int port) =>
        new(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAETitle = "STORESCU", CalledAETitle = "AINODE" });

    private static string Sop(string file) => DicomFile.Open(file).Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID);

    [Fact]
    public async Task The_node_restores_acknowledged_instances_from_its_journal_and_removes_restored_ones_it_never_acknowledged()
    {
        using var folder = new NodeFolder();
        using var input = new TempFolder();
        var files = Directory.GetFiles(await Phantom.GenerateAsync(Path.Combine(input.Path, "a"), seed: 21, slices: 4, size: 32), "*.dcm").Order(StringComparer.Ordinal).ToList();
        var stray = Directory.GetFiles(await Phantom.GenerateAsync(Path.Combine(input.Path, "b"), seed: 22, slices: 1, size: 32), "*.dcm").Single();
        string spool = Path.Combine(folder.DataFolder, "spool");

        // A journal record the index never got: what a node leaves when it stops between the journal's flush and the
        // index commit, i.e. before it answered Success.
        using (var handler = new SpoolingCStoreHandler(new SpoolingOptions { Folder = spool, Journal = true, MinimumFreeBytes = 0 }))
        {
            var server = new DicomServer(new DicomServerOptions { Port = 0 }, AETitlePolicy.AcceptAny, handler);
            server.Start();
            var sent = await Client(server.Port).StoreFilesAsync([stray]);
            Assert.True(sent.Single().Status.IsSuccess);
            await server.StopAsync();
            await server.DisposeAsync();
        }
        string strayPath = Path.Combine(spool, Sop(stray) + ".dcm");
        Assert.True(File.Exists(strayPath));

        Dictionary<string, byte[]> acknowledged;
        await using (var node = await InProcessNode.StartAsync(folder, Quiet))
        {
            Assert.False(File.Exists(strayPath), "a restored instance the index does not hold was never acknowledged and must be removed");
            var results = await Client(node.Port).StoreFilesAsync(files);
            Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
            acknowledged = files.Select(f => Path.Combine(spool, Sop(f) + ".dcm")).ToDictionary(p => p, File.ReadAllBytes);
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(spool, ".journal"), "segment-*.dj"));

        // The page cache lost an acknowledged spool file (the journal, not the file, was flushed before Success).
        var lost = acknowledged.Keys.First();
        File.Delete(lost);

        await using (var node = await InProcessNode.StartAsync(folder, Quiet))
        {
            foreach (var (path, bytes) in acknowledged)
            {
                Assert.True(File.Exists(path), $"{path} was acknowledged and must be back");
                Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
            }
            Assert.True(await node.Studies.ContainsInstanceAsync(Path.GetFileNameWithoutExtension(lost), CancellationToken.None));
            Assert.False(await node.Studies.ContainsInstanceAsync(Sop(stray), CancellationToken.None));
        }
    }
}
