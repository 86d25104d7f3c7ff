using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Our SCP on 127.0.0.1 and a free port, spooling into a temporary folder.</summary>
internal sealed class TestScp : IAsyncDisposable
{
    private TestScp(DicomServer server, string folder)
    {
        Server = server;
        Folder = folder;
    }

    public DicomServer Server { get; }

    public string Folder { get; }

    public int Port => Server.Port;

    public static TestScp Start(DicomServerOptions? options = null, IAssociationPolicy? policy = null, ICStoreHandler? handler = null, SpoolingOptions? spooling = null)
    {
        var folder = spooling?.Folder ?? Peer.TempFolder("scp");
        handler ??= new SpoolingCStoreHandler(spooling ?? new SpoolingOptions { Folder = folder });
        var server = new DicomServer((options ?? new DicomServerOptions()) with { Port = 0 }, policy ?? AETitlePolicy.AcceptAny, handler);
        server.Start();
        return new TestScp(server, folder);
    }

    public string[] ReceivedFiles() => Directory.GetFiles(Folder, "*.dcm").Order(StringComparer.Ordinal).ToArray();

    public DicomClient Client(string calledAE = "ANY-SCP", string callingAE = "TESTSCU") =>
        new(new DicomClientOptions { Host = "127.0.0.1", Port = Port, CalledAETitle = calledAE, CallingAETitle = callingAE, DimseTimeout = TimeSpan.FromSeconds(20), AssociationTimeout = TimeSpan.FromSeconds(20) });

    /// <summary>Waits until every association task ended (the server counts them down after the socket closed).</summary>
    public async Task WaitIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Server.ActiveAssociations > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, Server.ActiveAssociations);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
