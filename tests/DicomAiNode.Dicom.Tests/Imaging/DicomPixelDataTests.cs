using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

public class DicomPixelDataTests
{
    private static DicomPixelData Open(string path) => DicomPixelData.Create(DicomFile.Open(path));

    [Fact]
    public void Uncompressed_and_RLE_files_of_dcm_qa_ts_decode_to_identical_pixels()
    {
        var reference = Open(ReferenceData.File("dcm_qa_ts/1.dcm"));
        int[] expected = reference.GetFrameAs<int>(0);
        Assert.True(expected.Max() > expected.Min() + 100, "the reference slice must not be blank");
        foreach (string name in new[] { "2.dcm", "3.dcm", "4.dcm" })
        {
            var pixelData = Open(ReferenceData.File("dcm_qa_ts/" + name));
            Assert.True(pixelData.IsDecodable);
            Assert.Equal(reference.Info, pixelData.Info);
            Assert.Equal(expected, pixelData.GetFrameAs<int>(0));
            Assert.Equal(reference.GetFrame(0), pixelData.GetFrame(0));
        }
    }

    [Theory]
    [InlineData("JPEG-lossy.dcm", "1.2.840.10008.1.2.4.51")]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm", "1.2.840.10008.1.2.4.50")]
    public void JPEG_family_files_report_not_decodable_naming_the_transfer_syntax(string name, string uid)
    {
        var pixelData = Open(PyDicomPeer.TestFile(name));
        Assert.False(pixelData.IsDecodable);
        Assert.True(pixelData.IsEncapsulated);
        Assert.True(pixelData.Info.Rows > 0 && pixelData.Info.Columns > 0); // the layout is still readable
        var error = Assert.Throws<DicomCodecNotSupportedException>(() => pixelData.GetFrame(0));
        Assert.Equal(uid, error.TransferSyntaxUid);
        Assert.Contains("not decodable", error.Message, StringComparison.Ordinal);
        Assert.Contains(uid, error.Message, StringComparison.Ordinal);
        Assert.Contains("JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_unsigned_file_with_garbage_above_Bits_Stored_reads_3855_and_4095()
    {
        var pixelData = Open(ReferenceData.File("dcm_qa_12bit/12bitUnsigned_0x0F0F.dcm"));
        Assert.Equal((16, 12, 0), (pixelData.Info.BitsAllocated, pixelData.Info.BitsStored, pixelData.Info.PixelRepresentation));
        int[] raw = pixelData.GetFrameAs<ushort>(0).Select(v => (int)v).ToArray();
        Assert.True(pixelData.GetFrame(0).Where((b, i) => i % 2 == 1).Any(b => b > 0x0F), "the file must have bits set above Bits Stored");
        Assert.All(raw, v => Assert.InRange(v, 0, 4095));
        Assert.Contains(3855, raw);
        Assert.Contains(4095, raw);
    }

    [Fact]
    public void Twelve_bit_signed_file_reads_minus_241_and_minus_1_from_its_stripes()
    {
        var pixelData = Open(ReferenceData.File("dcm_qa_12bit/12bitSigned_0x0F0F.dcm"));
        Assert.Equal((16, 12, 1), (pixelData.Info.BitsAllocated, pixelData.Info.BitsStored, pixelData.Info.PixelRepresentation));
        short[] values = pixelData.GetFrameAs<short>(0);
        Assert.All(values, v => Assert.InRange(v, (short)-2048, (short)2047));
        Assert.Contains((short)-241, values);
        Assert.Contains((short)-1, values);
    }

    [Fact]
    public void Twelve_bit_original_scan_lies_within_0_to_4095_and_matches_the_striped_copy_outside_the_stripes()
    {
        int[] original = Open(ReferenceData.File("dcm_qa_12bit/12bitUnsigned.dcm")).GetFrameAs<int>(0);
        int[] striped = Open(ReferenceData.File("dcm_qa_12bit/12bitUnsigned_0x0F0F.dcm")).GetFrameAs<int>(0);
        Assert.All(original, v => Assert.InRange(v, 0, 4095));
        Assert.Equal(original.Length, striped.Length);
        int same = original.Zip(striped).Count(p => p.First == p.Second);
        Assert.True(same > original.Length / 4, $"only {same} of {original.Length} pixels agree outside the stripes");
    }

    [Fact]
    public void Big_endian_and_RLE_copies_of_pydicom_files_equal_their_little_endian_originals()
    {
        (string Original, string Copy)[] pairs =
        [
            ("MR_small.dcm", "MR_small_RLE.dcm"),
            ("MR_small.dcm", "MR_small_bigendian.dcm"),
            ("rtdose.dcm", "rtdose_rle.dcm"),
            ("rtdose.dcm", "rtdose_expb.dcm"),
            ("rtdose_1frame.dcm", "rtdose_rle_1frame.dcm"),
            ("rtdose_1frame.dcm", "rtdose_expb_1frame.dcm"),
            ("liver_1frame.dcm", "liver_expb_1frame.dcm"),
        ];
        foreach (var (original, copy) in pairs)
        {
            var a = Open(PyDicomPeer.TestFile(original));
            var b = Open(PyDicomPeer.TestFile(copy));
            Assert.Equal(a.Info.NumberOfFrames, b.Info.NumberOfFrames);
            for (int frame = 0; frame < a.Info.NumberOfFrames; frame++)
            {
                Assert.True(a.GetFrameAs<long>(frame).SequenceEqual(b.GetFrameAs<long>(frame)), $"{copy} frame {frame} differs from {original}");
            }
        }
    }

    [Fact]
    public void CT_slice_rescales_to_Hounsfield_units()
    {
        var pixelData = Open(PyDicomPeer.TestFile("CT_small.dcm"));
        Assert.Equal(1, pixelData.ModalityLut.Slope);
        Assert.Equal(-1024, pixelData.ModalityLut.Intercept);
        short[] stored = pixelData.GetFrameAs<short>(0);
        float[] hu = pixelData.GetFrameAsFloat(0);
        float[] raw = pixelData.GetFrameAsFloat(0, applyModalityLut: false);
        for (int i = 0; i < stored.Length; i++)
        {
            Assert.Equal(stored[i] - 1024f, hu[i]);
            Assert.Equal(stored[i], raw[i]);
        }
    }

    [Fact]
    public void Preview_uses_the_data_set_window_and_inverts_nothing_for_MONOCHROME2()
    {
        var pixelData = Open(PyDicomPeer.TestFile("MR_small.dcm"));
        var voi = pixelData.GetVoiLut();
        Assert.NotNull(voi);
        Assert.Equal(new VoiWindow(600, 1600), voi.Window);
        byte[] preview = pixelData.Render8Bit(0);
        float[] hu = pixelData.GetFrameAsFloat(0);
        Assert.Equal(hu.Length, preview.Length);
        for (int i = 0; i < hu.Length; i += 97)
        {
            Assert.Equal((byte)Math.Clamp(Math.Round(voi.Apply(hu[i], 0, 255)), 0, 255), preview[i]);
        }
    }

    [Fact]
    public void YBR_FULL_422_renders_to_the_same_RGB_as_converting_each_pixel()
    {
        var pixelData = Open(PyDicomPeer.TestFile("SC_ybr_full_422_uncompressed.dcm"));
        Assert.True(pixelData.Info.IsHorizontallySubsampled);
        byte[] ybr = pixelData.GetFrameAs<byte>(0);
        Assert.Equal(100 * 100 * 3, ybr.Length);
        byte[] rgb = pixelData.Render8Bit(0);
        ColorSpace.YbrFullToRgb(ybr);
        Assert.Equal(ybr, rgb);
    }

    [Fact]
    public void Missing_pixel_module_attribute_is_named()
    {
        var file = DicomFile.Open(PyDicomPeer.TestFile("MR_small.dcm"));
        file.Dataset.Remove(DicomAiNode.Dicom.Data.DicomTag.BitsAllocated);
        var error = Assert.Throws<DicomPixelDataException>(() => DicomPixelData.Create(file));
        Assert.Contains("Bits Allocated (0028,0100)", error.Message, StringComparison.Ordinal);
    }
}
