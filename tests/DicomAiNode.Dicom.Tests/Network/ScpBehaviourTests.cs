using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Our SCU against our SCP: negotiation outcomes, rejections, statuses, asynchronous operations, spooling policy.</summary>
[Collection("network")]
public sealed class ScpBehaviourTests
{
    private const string CT = "1.2.840.10008.5.1.4.1.1.2";

    [Fact]
    public async Task Rejects_association_from_unknown_calling_AE()
    {
        await using var scp = TestScp.Start(policy: new AETitlePolicy(["NODE"], ["PACS"]));
        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => scp.Client("NODE", "INTRUDER").EchoAsync());
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAETitleNotRecognized), error.Reject);
        Assert.Equal(DicomStatus.Success, await scp.Client("NODE", "PACS").EchoAsync());
    }

    [Fact]
    public async Task Rejects_association_to_unknown_called_AE_with_reason_7()
    {
        await using var scp = TestScp.Start(policy: new AETitlePolicy(["NODE"]));
        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => scp.Client("ELSEWHERE").EchoAsync());
        Assert.Equal(AssociateRejectReason.CalledAETitleNotRecognized, error.Reject.Reason);
        Assert.Equal(AssociateRejectSource.ServiceUser, error.Reject.Source);
    }

    [Fact]
    public async Task Too_many_associations_is_a_transient_rejection_by_the_presentation_provider()
    {
        await using var scp = TestScp.Start(new DicomServerOptions { MaxAssociations = 1 });
        var first = await scp.Client().AssociateAsync([new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => scp.Client().EchoAsync());
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded), error.Reject);
        Assert.True(error.IsTransient);
        await first.ReleaseAsync();
        await first.DisposeAsync();
        await scp.WaitIdleAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DicomStatus.Success, await scp.Client().EchoAsync());
    }

    [Fact]
    public async Task Unsupported_SOP_class_is_rejected_per_context_while_others_work()
    {
        await using var scp = TestScp.Start();
        var association = await scp.Client().AssociateAsync(
        [
            new ProposedPresentationContext(1, "1.2.840.10008.5.1.4.1.2.1.1", [DicomUids.ImplicitVRLittleEndian]), // Patient Root Q/R FIND
            new ProposedPresentationContext(3, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
        ]);
        await using (association)
        {
            Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, association.Info.PresentationContexts[0].Result);
            Assert.Equal(DicomStatus.Success, await association.EchoAsync());
            await association.ReleaseAsync();
        }
    }

    [Fact]
    public async Task Stores_many_files_with_an_asynchronous_window()
    {
        var series = await Peer.MakeCtSeriesAsync(8);
        await using var scp = TestScp.Start();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = scp.Port, CalledAETitle = "NODE", MaxOperationsInvoked = 4, MaxPduLength = 8192 });
        var results = await client.StoreFilesAsync(Directory.GetFiles(series));
        Assert.All(results, r => Assert.Equal(DicomStatus.Success, r.Status));
        foreach (var source in Directory.GetFiles(series))
        {
            Assert.Contains(scp.ReceivedFiles(), f => DcmtkScuInteropTests.DataSetBytes(f).AsSpan().SequenceEqual(DcmtkScuInteropTests.DataSetBytes(source)));
        }
        Directory.Delete(series, true);
    }

    [Fact]
    public async Task Disk_below_the_watermark_answers_out_of_resources()
    {
        var folder = Peer.TempFolder("full");
        await using var scp = TestScp.Start(spooling: new SpoolingOptions { Folder = folder, MinimumFreeBytes = long.MaxValue });
        var results = await scp.Client().StoreFilesAsync([Path.Combine(Peer.PydicomFiles, "CT_small.dcm")]);
        Assert.Equal(0xA700, results[0].Status.Code);
        Assert.Contains("free", results[0].Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(DuplicateInstancePolicy.Overwrite)]
    [InlineData(DuplicateInstancePolicy.KeepExisting)]
    public async Task Duplicate_SOP_instance_follows_the_policy_and_never_leaves_a_partial_file(DuplicateInstancePolicy policy)
    {
        var folder = Peer.TempFolder("dup");
        await using var scp = TestScp.Start(spooling: new SpoolingOptions { Folder = folder, Duplicates = policy });
        var explicitLe = Path.Combine(Peer.PydicomFiles, "MR_small.dcm");
        var implicitLe = Path.Combine(Peer.PydicomFiles, "MR_small_implicit.dcm"); // same SOP Instance UID
        Assert.True((await scp.Client().StoreFilesAsync([explicitLe]))[0].Status.IsSuccess);
        Assert.True((await scp.Client().StoreFilesAsync([implicitLe]))[0].Status.IsSuccess);
        var stored = Assert.Single(Directory.GetFiles(folder));
        using var f = File.OpenRead(stored);
        var ts = Part10Header.Read(f, stored).TransferSyntaxUid;
        Assert.Equal(policy == DuplicateInstancePolicy.Overwrite ? DicomUids.ImplicitVRLittleEndian : DicomUids.ExplicitVRLittleEndian, ts);
    }

    [Fact]
    public async Task Handler_sees_the_data_set_as_a_stream_with_the_command_and_negotiated_syntax()
    {
        var handler = new RecordingHandler();
        await using var scp = TestScp.Start(handler: handler);
        var source = Path.Combine(Peer.PydicomFiles, "CT_small.dcm");
        var results = await scp.Client("NODE", "MODALITY").StoreFilesAsync([source]);
        Assert.Equal(DicomStatus.CoercionOfDataElements, results[0].Status);
        var (request, bytes) = Assert.Single(handler.Seen);
        Assert.Equal(CT, request.SopClassUid);
        Assert.Equal("MODALITY", request.CallingAETitle);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, request.TransferSyntaxUid);
        Assert.Equal(DcmtkScuInteropTests.DataSetBytes(source), bytes);
    }

    private sealed class RecordingHandler : ICStoreHandler
    {
        public List<(CStoreRequest, byte[])> Seen { get; } = [];

        public async ValueTask<DimseResponse> OnCStoreAsync(CStoreRequest request, Stream dataSet, CancellationToken cancellationToken)
        {
            Assert.False(dataSet.CanSeek);
            var copy = new MemoryStream();
            await dataSet.CopyToAsync(copy, cancellationToken);
            Seen.Add((request, copy.ToArray()));
            return DicomStatus.CoercionOfDataElements;
        }
    }
}
