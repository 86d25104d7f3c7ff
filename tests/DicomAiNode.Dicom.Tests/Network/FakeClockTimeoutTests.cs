using DicomAiNode.Dicom.Network;
using Microsoft.Extensions.Time.Testing;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>
/// The server's and client's timeouts run on <see cref="DicomServerOptions.TimeProvider"/>: with a fake clock, an
/// idle peer is aborted exactly when the clock passes the limit, however long the test machine takes in real time.
/// </summary>
public sealed class FakeClockTimeoutTests
{
    private static DicomServerOptions Options(FakeTimeProvider clock) => new()
    {
        ArtimTimeout = TimeSpan.FromSeconds(30),
        IdleTimeout = TimeSpan.FromMinutes(5),
        DimseTimeout = TimeSpan.FromMinutes(5),
        TimeProvider = clock,
    };

    /// <summary>
    /// Advances the fake clock a second at a time (giving the server real time to react) until the peer sees a PDU or
    /// the close; returns the fake time that had passed and what arrived.
    /// </summary>
    private static async Task<(TimeSpan FakeElapsed, Pdu? Pdu)> StepUntilAnswerAsync(FakeTimeProvider clock, RawPeer raw, TimeSpan limit)
    {
        var start = clock.GetUtcNow();
        while (clock.GetUtcNow() - start < limit)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            try
            {
                var pdu = await raw.ReadPduAsync(TimeSpan.FromMilliseconds(50));
                return (clock.GetUtcNow() - start, pdu);
            }
            catch (OperationCanceledException)
            {
                // Nothing yet.
            }
        }
        throw new Xunit.Sdk.XunitException($"no answer within {limit} of fake time");
    }

    [Fact]
    public async Task Idle_association_is_aborted_when_the_fake_clock_passes_the_idle_timeout_and_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var scp = TestScp.Start(Options(clock));
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();

        var (elapsed, pdu) = await StepUntilAnswerAsync(clock, raw, TimeSpan.FromMinutes(10));
        Assert.InRange(elapsed, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        var abort = Assert.IsType<AbortPdu>(pdu);
        Assert.Equal(AbortSource.ServiceUser, abort.Source);
        // AA-1 leaves the SCP in Sta13 until the peer closes or ARTIM (on the same clock) expires.
        clock.Advance(TimeSpan.FromSeconds(31));
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_connection_is_closed_when_the_fake_clock_passes_ARTIM_and_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var scp = TestScp.Start(Options(clock));
        using var raw = await RawPeer.ConnectAsync(scp.Port);

        var (elapsed, pdu) = await StepUntilAnswerAsync(clock, raw, TimeSpan.FromMinutes(2));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        Assert.Null(pdu); // closed without a PDU (AA-2 in Sta2)
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Client_gives_up_on_a_silent_acceptor_when_the_fake_clock_passes_the_association_timeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var client = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            CalledAETitle = "SILENT",
            AssociationTimeout = TimeSpan.FromSeconds(30),
            TimeProvider = clock,
        });
        var echo = client.EchoAsync();
        using var accepted = await listener.AcceptTcpClientAsync();
        await Task.Delay(300);
        Assert.False(echo.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(31));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => echo.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsNotType<TimeoutException>(ex); // the client's own timeout fired, not the test's real-time guard
    }
}
