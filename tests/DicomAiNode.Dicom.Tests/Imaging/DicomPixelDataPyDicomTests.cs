using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Our decoded pixels against pydicom's <c>pixel_array</c> (and its modality LUT), by checksum.</summary>
public class DicomPixelDataPyDicomTests
{
    private static readonly string[] PyDicomFiles =
    [
        "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "CT_small.dcm",
        "rtdose.dcm", "rtdose_rle.dcm", "rtdose_expb.dcm",
        "SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_32bit.dcm",
        "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit_2frame.dcm", "liver_1frame.dcm",
    ];

    [Fact]
    public void Decoded_pixels_and_modality_values_match_pydicom()
    {
        string[] paths =
        [
            .. PyDicomFiles.Select(PyDicomPeer.TestFile),
            ReferenceData.File("dcm_qa_ts/1.dcm"),
            ReferenceData.File("dcm_qa_ts/4.dcm"),
        ];
        var expected = PixelChecksum.FromPyDicom(paths);
        foreach (string path in paths)
        {
            PixelChecksum.Compute(DicomPixelData.Create(DicomFile.Open(path))).AssertMatches(expected[path], Path.GetFileName(path));
        }
    }
}
