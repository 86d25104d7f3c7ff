using CsCheck;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Malformed JPEG-LS data: every failure is a <see cref="DicomPixelDataException"/> naming the problem, never a hang.</summary>
public class JpegLsMalformedDataTests
{
    private static readonly DicomFile Source = DicomFile.Open(PyDicomPeer.TestFile("MR_small_jpeg_ls_lossless.dcm"));

    private static PixelDataInfo Info => DicomPixelData.Create(Source).Info;

    /// <summary>The one encoded frame of pydicom's JPEG-LS MR (64×64, 16 bits).</summary>
    private static byte[] Frame()
    {
        var fragments = ((DicomFragmentSequence)Source.Dataset.GetItem(DicomTag.PixelData)!).GetFrameFragments(Source.Dataset, 1)[0];
        Assert.Single(fragments);
        byte[] bytes = new byte[fragments[0].Length];
        fragments[0].CopyTo(0, bytes);
        return bytes;
    }

    private static int MarkerAt(byte[] frame, byte code)
    {
        int at = frame.AsSpan().IndexOf([(byte)0xFF, code]);
        Assert.True(at >= 0, $"marker FF{code:X2} not found");
        return at;
    }

    private static DicomPixelDataException Rejects(byte[] frame, PixelDataInfo? info = null) =>
        Assert.Throws<DicomPixelDataException>(() => JpegLsCodec.DecodeFrame(frame, info ?? Info));

    [Fact]
    public void The_unaltered_frame_decodes_to_MR_small()
    {
        var reference = DicomPixelData.Create(DicomFile.Open(PyDicomPeer.TestFile("MR_small.dcm")));
        Assert.Equal(reference.GetFrame(0), JpegLsCodec.DecodeFrame(Frame(), Info));
    }

    [Fact]
    public void Truncated_scan_data_is_reported_as_truncated_or_corrupt()
    {
        byte[] frame = Frame();
        var error = Rejects(frame[..(frame.Length / 2)]);
        Assert.StartsWith("JPEG-LS frame 0:", error.Message, StringComparison.Ordinal);
        Assert.Matches("truncated|corrupt|ends", error.Message);
    }

    [Fact]
    public void Data_without_SOI_is_rejected_naming_SOI()
    {
        byte[] frame = Frame();
        frame[1] = 0xD9;
        Assert.Contains("SOI", Rejects(frame).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JPEG_frame_header_other_than_SOF55_is_rejected_as_not_JPEG_LS()
    {
        byte[] frame = Frame();
        frame[MarkerAt(frame, 0xF7) + 1] = 0xC3;
        Assert.Contains("SOF3 (FFC3) is not JPEG-LS", Rejects(frame).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_that_disagree_with_Rows_and_Columns_are_rejected_naming_them()
    {
        var error = Rejects(Frame(), Info with { Rows = Info.Rows / 2 });
        Assert.Contains("Rows (0028,0010) = 32", error.Message, StringComparison.Ordinal);

        // Through the data set as well: GetFrame reports the same problem.
        var dataset = Source.Dataset.Clone();
        dataset.AddOrUpdate(DicomTag.Columns, (ushort)63);
        var pixelData = DicomPixelData.Create(dataset, Source.TransferSyntax);
        Assert.Contains("Columns (0028,0011) = 63", Assert.Throws<DicomPixelDataException>(() => pixelData.GetFrame(0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Precision_below_Bits_Stored_is_rejected_naming_Bits_Stored()
    {
        byte[] frame = Frame();
        frame[MarkerAt(frame, 0xF7) + 4] = 12;
        Assert.Contains("Bits Stored (0028,0101) = 16", Rejects(frame).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_scan_parameters_are_rejected_naming_them()
    {
        byte[] frame = Frame();
        int sos = MarkerAt(frame, 0xDA);
        int components = frame[sos + 4];
        int ilv = sos + 5 + (2 * components) + 1;
        frame[ilv] = 3;
        Assert.Contains("ILV = 3", Rejects(frame).Message, StringComparison.Ordinal);
        frame[ilv] = 0;
        frame[ilv + 1] = 2;
        Assert.Contains("point transform", Rejects(frame).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_HP_colour_transform_outside_T87_is_refused_rather_than_decoded_to_wrong_colours()
    {
        byte[] frame = Frame();
        byte[] app8 = [0xFF, 0xE8, 0x00, 0x07, (byte)'m', (byte)'r', (byte)'f', (byte)'x', 0x01];
        byte[] changed = [.. frame[..2], .. app8, .. frame[2..]];
        Assert.Contains("colour transform 1", Rejects(changed).Message, StringComparison.Ordinal);
        changed[2 + app8.Length - 1] = 0x00; // transform 0: none, decodes
        Assert.Equal(JpegLsCodec.DecodeFrame(frame, Info), JpegLsCodec.DecodeFrame(changed, Info));
    }

    [Fact]
    public void Random_truncations_throw_only_DicomPixelDataException()
    {
        byte[] frame = Frame();
        CodecDamage.Truncations(frame, DecodesOrRejects, 3000, TimeSpan.FromMinutes(2), "JPEG-LS");
    }

    [Fact]
    public void Random_bit_flips_and_byte_changes_throw_only_DicomPixelDataException()
    {
        byte[] frame = Frame();
        CodecDamage.BitFlips(frame, DecodesOrRejects, 3000, TimeSpan.FromMinutes(2), "JPEG-LS");
    }

    private static void DecodesOrRejects(byte[] frame)
    {
        try
        {
            JpegLsCodec.DecodeFrame(frame, Info);
        }
        catch (DicomPixelDataException e)
        {
            Assert.StartsWith("JPEG-LS frame 0:", e.Message, StringComparison.Ordinal);
        }
    }

}
