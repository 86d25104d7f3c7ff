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
        "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit_2frame.dcm", "liver_1frame.dcm", "liver_expb_1frame.dcm",
        "image_dfl.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm", "MR_small_padded.dcm",
    ];

    // Not dcm_qa_12bit: pydicom 2.3 leaves the bits above Bits Stored in place (even 12bitUnsigned.dcm has 42 samples
    // with bit 12 set), where PS3.5 8.1.1 and that folder's README want them masked; DicomPixelDataTests covers it.
    private static readonly string[] SharedFiles =
    [
        "dcm_qa_ts/1.dcm", "dcm_qa_ts/2.dcm", "dcm_qa_ts/3.dcm", "dcm_qa_ts/4.dcm",
        "reference-seg-sr/ct_image.dcm", "reference-seg-sr/seg_image_ct_binary.dcm", "reference-seg-sr/seg_image_ct_binary_overlap.dcm",
        "reference-seg-sr/seg_image_cr_binary.dcm", "reference-seg-sr/seg_image_ct_binary_single_frame.dcm",
    ];

    [Fact]
    public void Decoded_pixels_and_modality_values_match_pydicom()
    {
        string[] paths =
        [
            .. PyDicomFiles.Select(PyDicomPeer.TestFile),
            .. SharedFiles.Select(ReferenceData.File),
        ];
        var expected = PixelChecksum.FromPyDicom(paths);
        foreach (string path in paths)
        {
            PixelChecksum.Compute(DicomPixelData.Create(DicomFile.Open(path))).AssertMatches(expected[path], Path.GetFileName(path));
        }
    }

    [Fact]
    public void Single_bit_frames_that_start_inside_a_byte_match_pydicom()
    {
        // 5×3 frames of 15 bits: every frame but the first starts mid-byte (PS3.5 8.1.1).
        const int frames = 5;
        var random = new Random(11);
        var packed = new byte[((15 * frames) + 7) / 8];
        for (int bit = 0; bit < 15 * frames; bit++)
        {
            packed[bit / 8] |= (byte)(random.Next(2) << (bit % 8));
        }

        var dataset = new DicomAiNode.Dicom.Data.DicomDataset();
        dataset.Add(DicomAiNode.Dicom.Data.DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.66.4");
        dataset.Add(DicomAiNode.Dicom.Data.DicomTag.SOPInstanceUID, "2.25.1234567");
        DicomPixelData.SetNative(dataset, new PixelDataInfo(5, 3, 1, 1, 1, 0, 0, 0, PhotometricInterpretations.Monochrome2, frames), packed);
        string path = Path.Combine(Path.GetTempPath(), $"dan-1bit-{Environment.ProcessId}.dcm");
        try
        {
            new DicomFile(dataset).Save(path);
            var expected = PixelChecksum.FromPyDicom([path])[path];
            PixelChecksum.Compute(DicomPixelData.Create(DicomFile.Open(path))).AssertMatches(expected, "1-bit 5×3×5");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
