using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>dcmtk's echoscu and storescu against our SCP (a real peer, Debian package dcmtk).</summary>
[Collection("network")]
public sealed class DcmtkScuInteropTests
{
    private static readonly string[] MixedFiles =
    [
        Path.Combine(Peer.PydicomFiles, "CT_small.dcm"),
        Path.Combine(Peer.PydicomFiles, "MR_small_implicit.dcm"),
        Path.Combine(Peer.PydicomFiles, "ExplVR_BigEnd.dcm"),
    ];

    [Fact]
    public async Task Echoscu_verifies_our_SCP()
    {
        await using var scp = TestScp.Start();
        var result = await Peer.RunAsync("echoscu", "dcmtk", ["-v", "-aet", "ECHOSCU", "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Received Echo Response (Success)", result.Output, StringComparison.Ordinal);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("-xi")] // propose Implicit VR LE only
    [InlineData("-xe")] // Explicit VR LE first
    [InlineData("-xb")] // Explicit VR BE first
    [InlineData("-R")]  // default proposals, required contexts only
    public async Task Storescu_transfers_arrive_with_identical_data_sets(string proposal)
    {
        await using var scp = TestScp.Start();
        var result = await Peer.RunAsync("storescu", "dcmtk", ["-v", proposal, "-aet", "STORESCU", "-aec", "NODE", "127.0.0.1", scp.Port.ToString(), .. MixedFiles]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(MixedFiles.Length, System.Text.RegularExpressions.Regex.Count(result.Output, @"Received Store Response \(Success\)"));
        await AssertSameDataSets(scp, MixedFiles);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(16384)]
    [InlineData(131072)]
    public async Task Storescu_with_any_PDU_size_delivers_byte_identical_data_sets(int pdu)
    {
        var series = await Peer.MakeCtSeriesAsync(3);
        await using var scp = TestScp.Start(new DicomServerOptions { MaxPduLength = (uint)pdu });
        var result = await Peer.RunAsync("storescu", "dcmtk", ["-pdu", pdu.ToString(), "--max-send-pdu", pdu.ToString(), "-aet", "STORESCU", "-aec", "NODE", "+sd", "127.0.0.1", scp.Port.ToString(), series]);
        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var source in Directory.GetFiles(series))
        {
            var received = scp.ReceivedFiles().Single(f => DataSetBytes(f).AsSpan().SequenceEqual(DataSetBytes(source)));
            Assert.Equal("", await Peer.CompareDataSetsAsync(source, received));
        }
        Directory.Delete(series, true);
    }

    [Fact]
    public async Task Several_storescu_associations_at_once_all_arrive()
    {
        var series = await Peer.MakeCtSeriesAsync(12);
        var folders = Enumerable.Range(0, 4).Select(i => Peer.TempFolder($"part{i}")).ToArray();
        var files = Directory.GetFiles(series).Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < files.Length; i++)
        {
            File.Copy(files[i], Path.Combine(folders[i % 4], Path.GetFileName(files[i])));
        }
        await using var scp = TestScp.Start();
        var runs = folders.Select(f => Peer.RunAsync("storescu", "dcmtk", ["-aet", "STORESCU", "-aec", "NODE", "+sd", "127.0.0.1", scp.Port.ToString(), f])).ToArray();
        foreach (var r in await Task.WhenAll(runs))
        {
            Assert.True(r.ExitCode == 0, r.Output);
        }
        Assert.Equal(12, scp.ReceivedFiles().Length);
        var bySop = scp.ReceivedFiles().ToDictionary(f => Path.GetFileNameWithoutExtension(f));
        foreach (var source in files)
        {
            Assert.Contains(bySop.Values, r => DataSetBytes(r).AsSpan().SequenceEqual(DataSetBytes(source)));
        }
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
        Directory.Delete(series, true);
        foreach (var f in folders)
        {
            Directory.Delete(f, true);
        }
    }

    [Fact]
    public async Task Storescu_from_unknown_calling_AE_is_rejected_permanent_service_user_reason_3()
    {
        await using var scp = TestScp.Start(policy: new AETitlePolicy(["NODE"], ["KNOWNPACS"]));
        var result = await Peer.RunAsync("echoscu", "dcmtk", ["-v", "-aet", "STRANGER", "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Association Rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("Calling AE Title Not Recognized", result.Output, StringComparison.OrdinalIgnoreCase);
        var known = await Peer.RunAsync("echoscu", "dcmtk", ["-aet", "KNOWNPACS", "-aec", "NODE", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(known.ExitCode == 0, known.Output);
    }

    internal static byte[] DataSetBytes(string path)
    {
        using var file = File.OpenRead(path);
        var header = Part10Header.Read(file, path);
        var bytes = new byte[file.Length - header.DataSetOffset];
        file.Position = header.DataSetOffset;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static async Task AssertSameDataSets(TestScp scp, string[] sources)
    {
        foreach (var source in sources)
        {
            string sop;
            using (var f = File.OpenRead(source))
            {
                sop = Part10Header.Read(f, source).SopInstanceUid;
            }
            var received = Path.Combine(scp.Folder, sop + ".dcm");
            Assert.True(File.Exists(received), $"{source} ({sop}) did not arrive");
            Assert.True(await Peer.CompareDataSetsAsync(source, received) is "", $"{source} differs from {received}");
        }
    }
}
