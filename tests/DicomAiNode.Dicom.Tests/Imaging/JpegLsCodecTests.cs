using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG-LS files made by other toolkits transcode to native and RLE; JPEG-LS is never written (their pixels: CompressedReferenceFileTests).</summary>
public class JpegLsCodecTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

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
