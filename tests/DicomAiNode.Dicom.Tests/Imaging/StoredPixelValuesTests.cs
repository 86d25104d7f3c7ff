using System.Buffers.Binary;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

public class StoredPixelValuesTests
{
    private static PixelDataInfo Gray(int rows, int columns, int allocated, int stored, int highBit, int representation, int frames = 1) =>
        new PixelDataInfo(rows, columns, 1, allocated, stored, highBit, representation, 0, PhotometricInterpretations.Monochrome2, frames).Validate();

    private static byte[] Words(params ushort[] words)
    {
        var bytes = new byte[words.Length * 2];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), words[i]);
        }

        return bytes;
    }

    [Fact]
    public void Unsigned_12_bit_values_lose_the_bits_above_High_Bit()
    {
        // dcm_qa_12bit README: 0x0F0F and 0xFFFF stored with Bits Stored 12 read as 3855 and 4095.
        var info = Gray(1, 4, 16, 12, 11, 0);
        var values = new int[4];
        StoredPixelValues.Read<int>(Words(0x0F0F, 0xFFFF, 0xF123, 0x0000), info, values);
        Assert.Equal([3855, 4095, 0x123, 0], values);
    }

    [Fact]
    public void Signed_12_bit_values_are_sign_extended_from_High_Bit()
    {
        // dcm_qa_12bit README: signed 0x0F0F reads as -241 and 0xFFFF as -1.
        var info = Gray(1, 5, 16, 12, 11, 1);
        var values = new short[5];
        StoredPixelValues.Read<short>(Words(0x0F0F, 0xFFFF, 0x07FF, 0xF800, 0x0800), info, values);
        Assert.Equal([-241, -1, 2047, -2048, -2048], values);
    }

    [Fact]
    public void High_Bit_above_Bits_Stored_minus_one_shifts_the_value_down()
    {
        var info = Gray(1, 2, 16, 12, 15, 0);
        var values = new int[2];
        StoredPixelValues.Read<int>(Words(0xABC0, 0xABCF), info, values);
        Assert.Equal([0xABC, 0xABC], values);
    }

    [Fact]
    public void Eight_bit_signed_and_unsigned_samples_read_as_the_standard_says()
    {
        byte[] data = [0x00, 0x7F, 0x80, 0xFF];
        var unsigned = new int[4];
        var signed = new int[4];
        StoredPixelValues.Read<int>(data, Gray(2, 2, 8, 8, 7, 0), unsigned);
        StoredPixelValues.Read<int>(data, Gray(2, 2, 8, 8, 7, 1), signed);
        Assert.Equal([0, 127, 128, 255], unsigned);
        Assert.Equal([0, 127, -128, -1], signed);

        var sixBitSigned = new int[4];
        StoredPixelValues.Read<int>(data, Gray(2, 2, 8, 6, 5, 1), sixBitSigned);
        Assert.Equal([0, -1, 0, -1], sixBitSigned);
    }

    [Fact]
    public void Thirty_two_bit_samples_keep_their_full_range()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 0x80000000);
        var unsigned = new long[2];
        var signed = new long[2];
        StoredPixelValues.Read<long>(data, Gray(1, 2, 32, 32, 31, 0), unsigned);
        StoredPixelValues.Read<long>(data, Gray(1, 2, 32, 32, 31, 1), signed);
        Assert.Equal([4294967295L, 2147483648L], unsigned);
        Assert.Equal([-1L, int.MinValue], signed);
    }

    [Fact]
    public void Single_bit_frames_are_packed_least_significant_bit_first_and_may_start_mid_byte()
    {
        // Two 3×3 frames: 18 bits. Frame 0 = bits 0..8, frame 1 = bits 9..17 (PS3.5 8.1.1, D.2).
        var info = new PixelDataInfo(3, 3, 1, 1, 1, 0, 0, 0, PhotometricInterpretations.Monochrome2, 2).Validate();
        int[] frame0 = [1, 0, 1, 1, 0, 0, 0, 1, 1];
        int[] frame1 = [0, 1, 1, 0, 1, 0, 1, 1, 1];
        var packed = new byte[3];
        int[] all = [.. frame0, .. frame1];
        for (int i = 0; i < all.Length; i++)
        {
            packed[i / 8] |= (byte)(all[i] << (i % 8));
        }

        Assert.Equal(2, info.FrameLength);
        var values = new int[9];
        StoredPixelValues.Read<int>(NativePixelData.GetFrame(packed, info, 0), info, values);
        Assert.Equal(frame0, values);
        StoredPixelValues.Read<int>(NativePixelData.GetFrame(packed, info, 1), info, values);
        Assert.Equal(frame1, values);
    }

    [Fact]
    public void Colour_by_plane_frames_read_as_colour_by_pixel()
    {
        var planar = new PixelDataInfo(1, 2, 3, 8, 8, 7, 0, 1, PhotometricInterpretations.Rgb, 1).Validate();
        var interleaved = planar with { PlanarConfiguration = 0 };
        byte[] planes = [10, 11, 20, 21, 30, 31]; // R1 R2 G1 G2 B1 B2
        var fromPlanes = new byte[6];
        var fromPixels = new byte[6];
        StoredPixelValues.Read<byte>(planes, planar, fromPlanes);
        StoredPixelValues.Read<byte>([10, 20, 30, 11, 21, 31], interleaved, fromPixels);
        Assert.Equal([10, 20, 30, 11, 21, 31], fromPlanes);
        Assert.Equal(fromPixels, fromPlanes);
    }

    [Fact]
    public void YBR_FULL_422_pairs_share_their_chroma()
    {
        var info = new PixelDataInfo(1, 4, 3, 8, 8, 7, 0, 0, PhotometricInterpretations.YbrFull422, 1).Validate();
        Assert.Equal(8, info.FrameLength);
        byte[] stored = [1, 2, 100, 200, 3, 4, 101, 201]; // Y1 Y2 Cb Cr, Y3 Y4 Cb Cr
        var values = new byte[12];
        StoredPixelValues.Read<byte>(stored, info, values);
        Assert.Equal([1, 100, 200, 2, 100, 200, 3, 101, 201, 4, 101, 201], values);
    }

    [Fact]
    public void Frames_follow_each_other_and_a_short_value_is_reported_with_the_frame()
    {
        var info = Gray(2, 2, 16, 16, 15, 0, frames: 3);
        var data = new byte[info.FrameLength * 3];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }

        Assert.Equal(data.AsSpan(8, 8).ToArray(), NativePixelData.GetFrame(data, info, 1));
        var error = Assert.Throws<DicomPixelDataException>(() => NativePixelData.GetFrame(data.AsSpan(0, 20), info, 2));
        Assert.Contains("frame 2 of 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Big_endian_words_are_swapped_to_little_endian()
    {
        byte[] data = [0x12, 0x34, 0xAB, 0xCD];
        NativePixelData.SwapToLittleEndian(data, 2);
        Assert.Equal([0x34, 0x12, 0xCD, 0xAB], data);
    }

    [Fact]
    public void Inconsistent_attributes_name_the_attribute()
    {
        var error = Assert.Throws<DicomPixelDataException>(() => Gray(2, 2, 16, 12, 10, 0));
        Assert.Contains("High Bit (0028,0102)", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<DicomPixelDataException>(() => Gray(2, 2, 12, 12, 11, 0));
        Assert.Contains("Bits Allocated (0028,0100)", error.Message, StringComparison.Ordinal);
    }
}
