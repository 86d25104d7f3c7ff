using System.Net.Sockets;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Fuzz;

/// <summary>
/// The whole SCP: the input is what a peer sends on a fresh TCP connection to a live <see cref="DicomServer"/>, then
/// the peer closes. The association must end (no hang: checked by the harness's timeout), the server must keep serving,
/// and no association may stay open.
/// </summary>
internal sealed class AssociationTarget : IFuzzTarget, IAsyncDisposable
{
    private readonly DicomServer _server;

    public AssociationTarget()
    {
        _server = new DicomServer(
            new DicomServerOptions { Port = 0, ArtimTimeout = TimeSpan.FromMilliseconds(300), IdleTimeout = TimeSpan.FromMilliseconds(300), DimseTimeout = TimeSpan.FromMilliseconds(300), MaxCommandLength = 4096, MaxDataSetLength = 1 << 20 },
            AETitlePolicy.AcceptAny, new DiscardingStoreHandler());
        _server.Start();
    }

    public string Name => "association";

    public IEnumerable<byte[]> Seeds() => Seed.DimseStreams().Select(s => Seed.AssociateRequest().Concat(s).ToArray()).Append(Seed.AssociateRequest());

    public async Task RunAsync(byte[] input)
    {
        using (var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            await client.ConnectAsync("127.0.0.1", _server.Port);
            try
            {
                await client.SendAsync(input);
                client.Shutdown(SocketShutdown.Send);
                var sink = new byte[65536];
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                while (await client.ReceiveAsync(sink, cts.Token) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // the SCP aborted and reset the connection: fine
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (_server.ActiveAssociations > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_server.ActiveAssociations} association(s) still open 3 s after the peer closed");
            }
            await Task.Delay(1);
        }
    }

    public bool IsExpected(Exception exception) => exception is OperationCanceledException;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private sealed class DiscardingStoreHandler : ICStoreHandler
    {
        public async ValueTask<DimseResponse> OnCStoreAsync(CStoreRequest request, Stream dataSet, CancellationToken cancellationToken)
        {
            await dataSet.CopyToAsync(Stream.Null, cancellationToken);
            return DicomStatus.Success;
        }
    }
}
