using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Malformed, truncated, endless and idle peers: abort or close within the configured time, nothing leaks, others keep working.</summary>
[Collection("network")]
public sealed class ProtocolRobustnessTests
{
    private static readonly DicomServerOptions Strict = new()
    {
        ArtimTimeout = TimeSpan.FromSeconds(1),
        IdleTimeout = TimeSpan.FromSeconds(1),
        DimseTimeout = TimeSpan.FromSeconds(1),
        MaxPduLength = 16384,
        MaxCommandLength = 4096,
        MaxDataSetLength = 1 << 20,
    };

    private static async Task AssertOthersStillServed(TestScp scp) =>
        Assert.Equal(DicomStatus.Success, await scp.Client().EchoAsync());

    [Fact]
    public async Task Unrecognized_PDU_type_is_answered_with_A_ABORT_and_the_connection_closes()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.SendAsync(PduFixtures.Hex("09 00 00000004 00000000"));
        Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        Assert.True(await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5)) < TimeSpan.FromSeconds(8));
        await AssertOthersStillServed(scp);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Truncated_association_request_is_closed_when_ARTIM_expires()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.SendAsync(PduFixtures.AssociateRequest[..40]); // header announces 206 bytes, 34 arrive
        var waited = await raw.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(waited.TotalSeconds, 0.5, 8);
        await AssertOthersStillServed(scp);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_connection_is_closed_when_ARTIM_expires()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        var waited = await raw.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(waited.TotalSeconds, 0.5, 8);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Idle_association_is_aborted_after_the_idle_timeout()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        var abort = Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AbortSource.ServiceUser, abort.Source); // AA-1: the SCP's own decision
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Command_that_never_ends_is_aborted_at_the_size_cap()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        Pdu? answer = null;
        for (int i = 0; i < 10 && answer is null; i++)
        {
            await raw.SendAsync(RawPeer.PData(1, 0x01, new byte[1000])); // command fragment, never "last"
            answer = await raw.ReadPduAsync(TimeSpan.FromMilliseconds(100)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        }
        answer ??= await raw.ReadPduAsync(TimeSpan.FromSeconds(5));
        var abort = Assert.IsType<AbortPdu>(answer);
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        await AssertOthersStillServed(scp);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Data_set_that_never_ends_is_aborted_at_the_size_cap_and_leaves_no_file()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        var command = DicomCommand.CreateStoreRequest(1, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5").Encode();
        await raw.SendAsync(RawPeer.PData(3, 0x03, command));
        Pdu? answer = null;
        try
        {
            for (int i = 0; i < 200; i++)
            {
                await raw.SendAsync(RawPeer.PData(3, 0x00, new byte[16000]));
            }
        }
        catch (IOException)
        {
            // the SCP already closed the connection
        }
        answer = await raw.ReadPduAsync(TimeSpan.FromSeconds(5));
        Assert.IsType<AbortPdu>(answer);
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(Directory.GetFiles(scp.Folder, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("PDV longer than its PDU", 100, null, 30)]
    [InlineData("P-DATA-TF above the announced maximum length", 20000, 20000, 20000 - 6)]
    [InlineData("PDV length 1", null, 1, 10)]
    public async Task Wrong_lengths_are_answered_with_a_provider_abort(string what, int? pduLength, int? pdvLength, int fragment)
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        var bytes = RawPeer.PData(1, 0x03, new byte[fragment], pduLength is null ? null : pduLength, pdvLength);
        if (what == "PDV longer than its PDU")
        {
            bytes = RawPeer.PData(1, 0x03, new byte[fragment], pduLength: 6 + fragment, pdvLength: 500);
        }
        try
        {
            await raw.SendAsync(bytes);
        }
        catch (IOException)
        {
        }
        var abort = Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        Assert.True(abort.Source == AbortSource.ServiceProvider, what);
        Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        await AssertOthersStillServed(scp);
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Data_on_a_context_that_was_not_proposed_is_aborted()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        await raw.SendAsync(RawPeer.PData(5, 0x03, DicomCommand.CreateEchoRequest(1).Encode()));
        Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        await raw.WaitForCloseAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Second_association_request_on_an_established_association_is_aborted()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        await raw.SendAsync(PduFixtures.AssociateRequest); // Evt6 in Sta6 → AA-8
        var abort = Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(AbortReason.UnexpectedPdu, abort.Reason);
    }

    [Fact]
    public async Task Release_is_answered_and_the_association_ends()
    {
        await using var scp = TestScp.Start(Strict);
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        await raw.SendAsync(new ReleaseRequestPdu().ToArray());
        Assert.IsType<ReleaseResponsePdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        raw.Dispose();
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stop_aborts_in_flight_associations_after_the_grace_period()
    {
        await using var scp = TestScp.Start(Strict with { IdleTimeout = TimeSpan.FromMinutes(5), ShutdownGracePeriod = TimeSpan.FromMilliseconds(300) });
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.AssociateAsync();
        var stop = scp.Server.StopAsync();
        Assert.IsType<AbortPdu>(await raw.ReadPduAsync(TimeSpan.FromSeconds(5)));
        raw.Dispose();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, scp.Server.ActiveAssociations);
    }
}
