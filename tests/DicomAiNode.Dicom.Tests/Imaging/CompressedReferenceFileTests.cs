using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Compressed files written by other toolkits decode to exactly the pixels of their uncompressed twin: dcm_qa_ts (one
/// Siemens MR slice in every transfer syntax: dcmtk, GDCM, CharLS and OpenJPEG encoders) and pydicom's MR_small family.
/// </summary>
public sealed class CompressedReferenceFileTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Theory]
    [InlineData("4.dcm", "1.2.840.10008.1.2.5")]      // RLE Lossless
    [InlineData("5.dcm", "1.2.840.10008.1.2.4.70")]   // JPEG Lossless SV1, dcmcjpeg +e1
    [InlineData("6.dcm", "1.2.840.10008.1.2.4.70")]   // gdcmconv --jpeg (the README calls it JPEG-LS; it is JPEG Lossless SV1)
    [InlineData("7.dcm", "1.2.840.10008.1.2.4.80")]   // JPEG-LS Lossless
    [InlineData("8.dcm", "1.2.840.10008.1.2.4.80")]   // JPEG-LS Lossless
    [InlineData("9.dcm", "1.2.840.10008.1.2.4.90")]   // JPEG 2000 Lossless
    public void Each_compressed_file_of_dcm_qa_ts_decodes_to_the_pixels_of_the_Explicit_VR_LE_file(string name, string syntax)
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        var compressed = Open(ReferenceData.File("dcm_qa_ts/" + name));
        Assert.Equal(syntax, compressed.TransferSyntax.UID.UID);
        Assert.True(compressed.IsDecodable);
        Assert.Equal(reference.Info, compressed.Info);
        int[] expected = reference.GetFrameAs<int>(0);
        Assert.True(expected.Max() > expected.Min() + 100, "the reference slice must not be blank");
        Assert.Equal(expected, compressed.GetFrameAs<int>(0));
        Assert.Equal(reference.GetFrame(0), compressed.GetFrame(0));
        Assert.Equal(reference.GetFrameAsFloat(0), compressed.GetFrameAsFloat(0));
        Assert.Equal(reference.Render8Bit(0), compressed.Render8Bit(0));
    }

    [Theory]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("MR_small_jpeg_ls_lossless.dcm")]
    [InlineData("MR_small_jp2klossless.dcm")]
    public void Pydicom_lossless_MR_files_decode_to_the_pixels_of_MR_small(string name)
    {
        var reference = Open(PyDicomPeer.TestFile("MR_small.dcm"));
        var compressed = Open(PyDicomPeer.TestFile(name));
        Assert.Equal(reference.Info, compressed.Info);
        Assert.Equal(reference.GetFrameAs<short>(0), compressed.GetFrameAs<short>(0));
        Assert.Equal(reference.GetFrame(0), compressed.GetFrame(0));
    }
}
