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

    // Found by the jpeg2000 fuzz target: a packet header that grows Lblock until a segment length needs 35 bits
    // (an int overflow made the length negative).
    private const string OverlongLengthFrame =
        "ff4fff5100290000000000140000000f00000003000000020000000900000007000000000000000000010f0101ff52000c00" +
        "000001000104040000ff5c000b42882497d397d39762ff640025000143726561746564206279204f70656e4a504547207665" +
        "7273696f6e20322e352e30ff90000a0000000000250002ff93c7fe182600880f4d8a7aa594273a6e1d8e704faa80a58cff90" +
        "000a00000000004a0102ff93c3ff060a43ff060747fe241c058648e22fdc62b0fd2f8f229273318db6fd121c0367ddd5f99c" +
        "ac6008e9ccc0ff7f0c318f3fd2d22b086cdb5c91b9b7ff90000a00010000002d0002ff93cffc486c0f3a98d262fac7555b4b" +
        "fc2e258609c7c17cd9acb5df62b97d5cc9ff90000a0001000000660102ff93c7fe7fffffff304a3ff121600b71079603c363" +
        "420608c73753afe58ab50ebd5b2aa5a58c92b99af3c339f1aac814468f15a0ae42b6d54d93f9086e2f7ccbeb7bb460106ed9" +
        "0b6c00329731688ecb676692fd95cfd18710a9ff90000a00020000001a0002ff93c7fe1810056d293281ced35fff90000a00" +
        "020000002b0102ff93c7fe240f07fe0c";

    [Fact]
    public void A_code_block_length_wider_than_30_bits_is_rejected_as_malformed()
    {
        var info = new PixelDataInfo(13, 17, 1, 16, 16, 15, 0, 0, PhotometricInterpretations.Monochrome2, 1);
        var error = Assert.Throws<DicomPixelDataException>(() => Jpeg2000Codec.DecodeFrame(Convert.FromHexString(OverlongLengthFrame), info));
        Assert.StartsWith("JPEG 2000 frame 0:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_truncations_throw_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        CodecDamage.Truncations(frame, DecodesOrRejects, 1500, TimeSpan.FromMinutes(3), "JPEG 2000");
    }

    [Fact]
    public void Random_bit_flips_and_byte_changes_throw_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        CodecDamage.BitFlips(frame, DecodesOrRejects, 1500, TimeSpan.FromMinutes(3), "JPEG 2000");
    }

    [Fact]
    public void Random_damage_to_the_main_header_throws_only_the_two_pixel_data_exceptions()
    {
        byte[] frame = Frame();
        int header = FindMarker(frame, 0xFF90);
        CodecDamage.RunBounded(() => Gen.Select(Gen.Int[2, header - 1], Gen.Byte).Array[1, 3]
            .Sample(changes =>
            {
                byte[] changed = (byte[])frame.Clone();
                foreach (var (at, value) in changes)
                {
                    changed[at] = value;
                }
                DecodesOrRejects(changed);
            }, iter: 3000), TimeSpan.FromMinutes(3), "JPEG 2000");
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

}
