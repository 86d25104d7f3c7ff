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
    /// Advances the fake clock a second at a time up to <paramref name="quietUntil"/>, checking after each step that the
    /// server has not answered yet, then past <paramref name="answerBy"/>, and waits (in real time, generously) for the
    /// answer: a PDU, or null for the close. Only "not before" is checked step by step, so a slow, loaded machine can
    /// delay the answer but never fail the test.
    /// </summary>
    private static async Task<Pdu?> AnswerBetweenAsync(FakeTimeProvider clock, RawPeer raw, TimeSpan quietUntil, TimeSpan answerBy)
    {
        var start = clock.GetUtcNow();
        await Task.Delay(200); // the server arms its timers at fake time 0
        while (clock.GetUtcNow() - start < quietUntil)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            try
            {
                var early = await raw.ReadPduAsync(TimeSpan.FromMilliseconds(20));
                throw new Xunit.Sdk.XunitException($"answered ({early?.GetType().Name ?? "closed"}) after only {clock.GetUtcNow() - start} of fake time");
            }
            catch (OperationCanceledException)
            {
                // Quiet, as it must be.
            }
        }
        clock.Advance(answerBy - (clock.GetUtcNow() - start));
        try
        {
            return await raw.ReadPduAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no answer 20 s (real time) after the fake clock passed {answerBy}");
        }
    }

    [Fact]
    public async Task Idle_association_is_aborted_when_the_fake_clock_passes_the_idle_timeout_and_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var scp = TestScp.Start(Options(clock));
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();

        var pdu = await AnswerBetweenAsync(clock, raw, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var abort = Assert.IsType<AbortPdu>(pdu);
        Assert.Equal(AbortSource.ServiceUser, abort.Source);
        // AA-1 leaves the SCP in Sta13 until the peer closes or ARTIM (on the same clock) expires. The server arms ARTIM
        // once the A-ABORT is sent, which a loaded machine may do after the test's first step: step again until closed.
        bool closed = false;
        for (int step = 0; step < 10 && !closed; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(31));
            closed = await raw.TryWaitForCloseAsync(TimeSpan.FromSeconds(2));
        }
        Assert.True(closed, "the server kept the aborted association open past ARTIM");
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_connection_is_closed_when_the_fake_clock_passes_ARTIM_and_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var scp = TestScp.Start(Options(clock));
        using var raw = await RawPeer.ConnectAsync(scp.Port);

        var pdu = await AnswerBetweenAsync(clock, raw, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(31));
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
