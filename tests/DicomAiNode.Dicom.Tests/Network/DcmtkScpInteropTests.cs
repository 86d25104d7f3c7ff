using System.Diagnostics;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Our SCU (DicomClient) against dcmtk's storescp.</summary>
[Collection("network")]
public sealed class DcmtkScpInteropTests
{
    private static readonly string[] Files =
    [
        Path.Combine(Peer.PydicomFiles, "CT_small.dcm"),
        Path.Combine(Peer.PydicomFiles, "MR_small_implicit.dcm"),
        Path.Combine(Peer.PydicomFiles, "ExplVR_BigEnd.dcm"),
    ];

    [Fact]
    public async Task Our_SCU_echoes_and_stores_into_storescp_over_one_association()
    {
        await using var storescp = await StoreScp.StartAsync([]);
        var client = storescp.Client();
        Assert.Equal(DicomStatus.Success, await client.EchoAsync());
        var results = await client.StoreFilesAsync(Files);
        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        foreach (var r in results)
        {
            var received = Directory.GetFiles(storescp.Folder).Single(f => f.EndsWith(r.SopInstanceUid!, StringComparison.Ordinal));
            Assert.True(await Peer.CompareDataSetsAsync(r.Source, received) is "", $"{r.Source} differs from what storescp wrote");
        }
        Assert.Contains("Association Release", await storescp.StopAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_SCU_converts_to_the_only_syntax_storescp_accepts()
    {
        // storescp +xi accepts Implicit VR LE only: Explicit LE and Explicit BE files must be re-encoded by the toolkit.
        await using var storescp = await StoreScp.StartAsync(["+xi"]);
        var results = await storescp.Client().StoreFilesAsync(Files);
        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        foreach (var r in results)
        {
            var received = Directory.GetFiles(storescp.Folder).Single(f => f.EndsWith(r.SopInstanceUid!, StringComparison.Ordinal));
            Assert.True(await Peer.CompareDataSetsAsync(r.Source, received) is "", $"{r.Source} differs after conversion");
            var dump = await Peer.RunAsync("dcmdump", "dcmtk", ["+P", "TransferSyntaxUID", received]);
            Assert.Contains("LittleEndianImplicit", dump.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Our_SCU_fragments_to_storescps_maximum_PDU_length()
    {
        var series = await Peer.MakeCtSeriesAsync(2);
        await using var storescp = await StoreScp.StartAsync(["-pdu", "4096"]);
        var results = await storescp.Client().StoreFilesAsync(Directory.GetFiles(series));
        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        foreach (var r in results)
        {
            var received = Directory.GetFiles(storescp.Folder).Single(f => f.EndsWith(r.SopInstanceUid!, StringComparison.Ordinal));
            Assert.Equal(DcmtkScuInteropTests.DataSetBytes(r.Source), DcmtkScuInteropTests.DataSetBytes(received));
        }
        Directory.Delete(series, true);
    }

    /// <summary>A storescp process on a free port writing into a temporary folder.</summary>
    internal sealed class StoreScp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _output;

        private StoreScp(Process process, int port, string folder)
        {
            _process = process;
            Port = port;
            Folder = folder;
            _output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default);
        }

        public int Port { get; }

        public string Folder { get; }

        public static async Task<StoreScp> StartAsync(string[] options)
        {
            var folder = Peer.TempFolder("storescp");
            int port = Peer.FreePort();
            var process = Peer.Start("storescp", "dcmtk", ["-v", "-aet", "STORESCP", "-od", folder, .. options, port.ToString()]);
            var scp = new StoreScp(process, port, folder);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port);
                    break;
                }
                catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(50);
                }
            }
            return scp;
        }

        public DicomClient Client() => new(new DicomClientOptions { Host = "127.0.0.1", Port = Port, CalledAETitle = "STORESCP", CallingAETitle = "NODESCU" });

        public async Task<string> StopAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            await ProcessExit.WaitAsync(_process, TimeSpan.FromSeconds(15), "killed storescp");
            return await _output;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _process.Dispose();
            Directory.Delete(Folder, true);
        }
    }
}
