using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG-LS decoding against JPEG-LS files made by other toolkits (gdcm, CharLS through pydicom's test set).</summary>
public class JpegLsCodecTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Theory]
    [InlineData("7.dcm")]
    [InlineData("8.dcm")]
    public void JPEG_LS_files_of_dcm_qa_ts_decode_to_the_pixels_of_the_uncompressed_file(string name)
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var pixelData = Open(ReferenceData.File("dcm_qa_ts/" + name));
        Assert.Equal(DicomTransferSyntax.JPEGLSLossless, pixelData.TransferSyntax);
        Assert.True(pixelData.IsDecodable);
        Assert.Equal(reference.Info, pixelData.Info);
        int[] expected = reference.GetFrameAs<int>(0);
        Assert.True(expected.Max() > expected.Min() + 100, "the reference slice must not be blank");
        Assert.Equal(expected, pixelData.GetFrameAs<int>(0));
        Assert.Equal(reference.GetFrame(0), pixelData.GetFrame(0));
        Assert.Equal(reference.GetFrameAsFloat(0), pixelData.GetFrameAsFloat(0));
        Assert.Equal(reference.Render8Bit(0), pixelData.Render8Bit(0));
    }

    [Fact]
    public void Pydicom_JPEG_LS_lossless_MR_decodes_to_the_pixels_of_MR_small()
    {
        var reference = Open(PyDicomPeer.TestFile("MR_small.dcm"));
        var pixelData = Open(PyDicomPeer.TestFile("MR_small_jpeg_ls_lossless.dcm"));
        Assert.Equal(reference.Info, pixelData.Info);
        Assert.Equal(reference.GetFrameAs<short>(0), pixelData.GetFrameAs<short>(0));
        Assert.Equal(reference.GetFrame(0), pixelData.GetFrame(0));
    }

    [Fact]
    public void JPEG_LS_file_transcodes_to_native_and_RLE_with_the_same_pixels()
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var file = DicomFile.Open(ReferenceData.File("dcm_qa_ts/7.dcm"));
        var native = DicomPixelData.Transcode(file, DicomTransferSyntax.ExplicitVRLittleEndian);
        var nativePixels = DicomPixelData.Create(native);
        Assert.False(nativePixels.IsEncapsulated);
        Assert.Equal(reference.GetFrame(0), nativePixels.GetFrame(0));

        var rle = DicomFile.Open(ReferenceData.File("dcm_qa_ts/8.dcm")).ChangeTransferSyntax(DicomTransferSyntax.RLELossless);
        Assert.Equal(reference.GetFrame(0), DicomPixelData.Create(rle).GetFrame(0));
    }

    [Fact]
    public void Native_data_is_not_encoded_to_JPEG_LS()
    {
        var file = DicomFile.Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        Assert.Throws<DicomCodecNotSupportedException>(() => DicomPixelData.Transcode(file, DicomTransferSyntax.JPEGLSLossless));
        Assert.Throws<DicomDataException>(() => file.ChangeTransferSyntax(DicomTransferSyntax.JPEGLSLossless));
    }
}
