using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG Lossless files written by other toolkits (dcm_qa_ts: dcmtk and GDCM) decode to the uncompressed pixels.</summary>
public sealed class JpegLosslessReferenceTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Theory]
    [InlineData("5.dcm")] // dcmcjpeg +e1
    [InlineData("6.dcm")] // gdcmconv --jpeg (the README calls it JPEG-LS; it is JPEG Lossless SV1)
    public void JPEG_Lossless_SV1_file_of_dcm_qa_ts_decodes_to_the_pixels_of_the_Explicit_VR_LE_file(string name)
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var jpeg = Open(ReferenceData.File("dcm_qa_ts/" + name));
        Assert.Equal(DicomTransferSyntax.JPEGLosslessSV1, jpeg.TransferSyntax);
        Assert.True(jpeg.IsDecodable);
        Assert.Equal(reference.Info, jpeg.Info);
        Assert.Equal(reference.GetFrame(0), jpeg.GetFrame(0));
        Assert.Equal(reference.GetFrameAs<int>(0), jpeg.GetFrameAs<int>(0));
        Assert.Equal(reference.GetFrameAsFloat(0), jpeg.GetFrameAsFloat(0));
        Assert.Equal(reference.Render8Bit(0), jpeg.Render8Bit(0));
    }

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
