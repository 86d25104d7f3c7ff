using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG Lossless files written by other toolkits transcode to native (their pixels: CompressedReferenceFileTests).</summary>
public sealed class JpegLosslessReferenceTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Fact]
    public void JPEG_Lossless_file_transcoded_to_native_equals_the_uncompressed_original()
    {
        var jpeg = DicomFile.Open(ReferenceData.File("dcm_qa_ts/5.dcm"));
        var native = DicomPixelData.Transcode(jpeg, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.IsType<DicomElement>(native.Dataset.GetItem(DicomTag.PixelData));
        using var stream = new MemoryStream();
        native.Save(stream);
        stream.Position = 0;
        var reread = DicomFile.Open(stream);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, reread.TransferSyntax);
        Assert.Equal(Open(ReferenceData.File("dcm_qa_ts/1.dcm")).GetFrame(0), DicomPixelData.Create(reread).GetFrame(0));
    }
}
