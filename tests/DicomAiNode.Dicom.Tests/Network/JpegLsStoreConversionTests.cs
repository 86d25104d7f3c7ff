using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>As SCU, a JPEG-LS file goes to a peer that accepts only uncompressed syntaxes decoded; a broken one is reported alone.</summary>
public sealed class JpegLsStoreConversionTests
{
    [Fact]
    public async Task JPEG_LS_file_is_sent_decoded_to_a_peer_that_accepts_only_uncompressed_syntaxes_and_a_broken_one_fails_alone()
    {
        string jpegLs = Path.Combine(Peer.PydicomFiles, "MR_small_jpeg_ls_lossless.dcm");
        var source = DicomFile.Open(jpegLs);
        var dataset = source.Dataset.Clone();
        var fragments = (DicomFragmentSequence)dataset.GetItem(DicomTag.PixelData)!;
        byte[] frame = new byte[fragments.Fragments[0].Length];
        fragments.Fragments[0].CopyTo(0, frame);
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, [], [new MemoryDicomBuffer(frame.AsMemory(0, frame.Length / 2))]));
        dataset.AddOrUpdate(DicomTag.SOPInstanceUID, "2.25.4242");
        string broken = Path.Combine(Peer.TempFolder("jpegls-broken"), "broken.dcm");
        new DicomFile(dataset, source.TransferSyntax).Save(broken);

        await using var scp = TestScp.Start(new DicomServerOptions { TransferSyntaxes = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian] });
        var results = await scp.Client().StoreFilesAsync([broken, jpegLs]);

        Assert.Equal(DicomStatus.ProcessingFailure, results[0].Status);
        Assert.Contains("JPEG-LS frame 0", results[0].Error, StringComparison.Ordinal);
        Assert.Equal(DicomStatus.Success, results[1].Status);
        var received = DicomFile.Open(Assert.Single(scp.ReceivedFiles()));
        Assert.False(received.TransferSyntax.IsEncapsulated);
        var expected = DicomPixelData.Create(DicomFile.Open(Path.Combine(Peer.PydicomFiles, "MR_small.dcm")));
        Assert.Equal(expected.GetFrameAs<short>(0), DicomPixelData.Create(received).GetFrameAs<short>(0));
    }
}
