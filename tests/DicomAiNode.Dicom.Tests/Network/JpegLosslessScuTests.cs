using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Our SCU sends a JPEG Lossless file to a peer that takes only uncompressed syntaxes by decoding it.</summary>
[Collection("network")]
public sealed class JpegLosslessScuTests
{
    [Fact]
    public async Task Our_SCU_decodes_a_JPEG_Lossless_file_for_a_storescp_that_accepts_only_Implicit_VR_LE()
    {
        string source = ReferenceData.File("dcm_qa_ts/5.dcm");
        await using var storescp = await DcmtkScpInteropTests.StoreScp.StartAsync(["+xi"]);
        var result = Assert.Single(await storescp.Client().StoreFilesAsync([source]));
        Assert.True(result.Status.IsSuccess, $"{result.Status} {result.Error}");

        string received = Directory.GetFiles(storescp.Folder).Single(f => f.EndsWith(result.SopInstanceUid!, StringComparison.Ordinal));
        var dump = await Peer.RunAsync("dcmdump", "dcmtk", ["+P", "TransferSyntaxUID", received]);
        Assert.Contains("LittleEndianImplicit", dump.Output, StringComparison.Ordinal);
        var file = DicomFile.Open(received);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(
            DicomPixelData.Create(DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"))).GetFrame(0),
            DicomPixelData.Create(file).GetFrame(0));
    }
}
