using CsCheck;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>
/// Damaged or unsupported JPEG 2000 data: a named DicomPixelDataException for malformed data, a named
/// DicomCodecNotSupportedException for features outside the supported subset, never another exception or a hang.
/// </summary>
public class Jpeg2000MalformedDataTests
{
    private static readonly OpenJpegPeer.Image Image = OpenJpegPeer.Create("ct-signed16");

    // Many code paths at once: tiles, precincts, SOP/EPH, every mode switch, layers, RPCL.
    private static byte[] Frame() => OpenJpegPeer.Compress(Image, "-t 64,64 -c [32,32],[16,16] -p RPCL -SOP -EPH -M 63 -r 20,4,1 -b 16,16");

    [Fact]
    public void The_unaltered_frame_decodes_to_the_original()
    {
        Assert.Equal(Image.Samples, Jpeg2000Codec.DecodeFrame(Frame(), Image.Info));
    }

    [Fact]
    public void Data_without_SOC_is_rejected_naming_SOC()
    {
        byte[] frame = Frame();
        frame[1] = 0x4E;
        var error = Assert.Throws<DicomPixelDataException>(() => Jpeg2000Codec.DecodeFrame(frame, Image.Info));
        Assert.Contains("SOC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_that_disagree_with_Rows_and_Columns_are_rejected_naming_them()
    {
        var error = Assert.Throws<DicomPixelDataException>(() => Jpeg2000Codec.DecodeFrame(Frame(), Image.Info with { Columns = 127 }));
        Assert.Contains("Columns (0028,0011) = 127", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_EPH_marker_is_rejected_naming_EPH()
    {
        byte[] frame = Frame();
        int eph = FindMarker(frame, 0xFF92);
        frame[eph + 1] = 0x00;
        var error = Assert.Throws<DicomPixelDataException>(() => Jpeg2000Codec.DecodeFrame(frame, Image.Info));
        Assert.Contains("EPH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JP2_file_without_a_codestream_box_is_rejected_naming_jp2c()
    {
        byte[] jp2 = OpenJpegPeer.Compress(Image, "", "jp2");
        int box = FindBytes(jp2, "jp2c"u8.ToArray());
        jp2[box + 3] = (byte)'x';
        var error = Assert.Throws<DicomPixelDataException>(() => Jpeg2000Codec.DecodeFrame(jp2, Image.Info));
        Assert.Contains("jp2c", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xFF5E, "region of interest")]
    [InlineData(0xFF5F, "progression order changes")]
    [InlineData(0xFF60, "packed packet headers")]
    public void Unsupported_main_header_marker_is_refused_naming_the_feature(int marker, string feature)
    {
        // Inserted right after SIZ with an empty-ish body: the decoder must refuse before reading it.
        byte[] frame = Frame();
        int siz = FindMarker(frame, 0xFF51);
        int afterSiz = siz + 2 + ((frame[siz + 2] << 8) | frame[siz + 3]);
        byte[] segment = [(byte)(marker >> 8), (byte)marker, 0x00, 0x05, 0x00, 0x00, 0x00];
        byte[] changed = [.. frame[..afterSiz], .. segment, .. frame[afterSiz..]];
        var error = Assert.Throws<DicomCodecNotSupportedException>(() => Jpeg2000Codec.DecodeFrame(changed, Image.Info));
        Assert.Contains(feature, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_sub_sampling_is_refused_naming_it()
    {
        byte[] frame = Frame();
        int siz = FindMarker(frame, 0xFF51);
        frame[siz + 2 + 2 + 36 + 1] = 2; // XRsiz of component 0
        var error = Assert.Throws<DicomCodecNotSupportedException>(() => Jpeg2000Codec.DecodeFrame(frame, Image.Info));
        Assert.Contains("sub-sampling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_truncations_throw_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        RunBounded(() => Gen.Int[0, frame.Length].Sample(cut => DecodesOrRejects(frame[..cut]), iter: 1500));
    }

    [Fact]
    public void Random_bit_flips_and_byte_changes_throw_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        RunBounded(() => Gen.Select(Gen.Int[0, (frame.Length * 8) - 1].Array[1, 6], Gen.Int[0, frame.Length - 1], Gen.Byte)
            .Sample((flips, at, value) =>
            {
                byte[] changed = (byte[])frame.Clone();
                foreach (int bit in flips)
                {
                    changed[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                DecodesOrRejects(changed);
                changed[at] = value;
                DecodesOrRejects(changed);
            }, iter: 1500));
    }

    [Fact]
    public void Random_damage_to_the_main_header_throws_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        int header = FindMarker(frame, 0xFF90);
        RunBounded(() => Gen.Select(Gen.Int[2, header - 1], Gen.Byte).Array[1, 3]
            .Sample(changes =>
            {
                byte[] changed = (byte[])frame.Clone();
                foreach (var (at, value) in changes)
                {
                    changed[at] = value;
                }
                DecodesOrRejects(changed);
            }, iter: 3000));
    }

    private static void DecodesOrRejects(byte[] frame)
    {
        try
        {
            Jpeg2000Codec.DecodeFrame(frame, Image.Info);
        }
        catch (DicomPixelDataException e)
        {
            Assert.StartsWith("JPEG 2000 frame 0:", e.Message, StringComparison.Ordinal);
        }
        catch (DicomCodecNotSupportedException e)
        {
            Assert.StartsWith("JPEG 2000 frame 0:", e.Message, StringComparison.Ordinal);
        }
    }

    private static int FindMarker(byte[] data, int marker) => FindBytes(data, [(byte)(marker >> 8), (byte)marker]);

    private static int FindBytes(byte[] data, byte[] pattern)
    {
        int at = data.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, $"pattern {Convert.ToHexString(pattern)} not in the test codestream");
        return at;
    }

    /// <summary>A hang fails the test instead of stalling the run.</summary>
    private static void RunBounded(Action property)
    {
        var run = Task.Run(property);
        Assert.True(run.Wait(TimeSpan.FromMinutes(3)), "decoding malformed JPEG 2000 data did not finish in 3 minutes (a hang)");
    }
}
