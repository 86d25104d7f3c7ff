using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>JPEG 2000 decoding of files other toolkits wrote (gdcm/OpenJPEG in dcm_qa_ts, pydicom's test set).</summary>
public class Jpeg2000CodecTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Fact]
    public void JPEG_2000_lossless_file_of_dcm_qa_ts_decodes_to_the_pixels_of_the_uncompressed_file()
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var pixelData = Open(ReferenceData.File("dcm_qa_ts/9.dcm"));
        Assert.Equal(DicomTransferSyntax.JPEG2000Lossless, pixelData.TransferSyntax);
        Assert.True(pixelData.IsDecodable);
        Assert.Equal(reference.Info, pixelData.Info);
        int[] expected = reference.GetFrameAs<int>(0);
        Assert.True(expected.Max() > expected.Min() + 100, "the reference slice must not be blank");
        Assert.Equal(expected, pixelData.GetFrameAs<int>(0));
        Assert.Equal(reference.GetFrame(0), pixelData.GetFrame(0));
        Assert.Equal(reference.Render8Bit(0), pixelData.Render8Bit(0));
    }

    [Fact]
    public void Pydicom_JPEG_2000_lossless_MR_decodes_to_the_pixels_of_MR_small()
    {
        var reference = Open(PyDicomPeer.TestFile("MR_small.dcm"));
        var pixelData = Open(PyDicomPeer.TestFile("MR_small_jp2klossless.dcm"));
        Assert.Equal(reference.Info, pixelData.Info);
        Assert.Equal(reference.GetFrameAs<short>(0), pixelData.GetFrameAs<short>(0));
        Assert.Equal(reference.GetFrame(0), pixelData.GetFrame(0));
    }
}
