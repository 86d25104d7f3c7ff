using System.Buffers.Binary;
using CsCheck;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

public class RleCodecTests
{
    private static PixelDataInfo Layout(int rows, int columns, int samples, int bits, int planar = 0) =>
        new PixelDataInfo(
            rows, columns, samples, bits, bits, bits - 1, 0, samples > 1 ? planar : 0,
            samples > 1 ? PhotometricInterpretations.Rgb : PhotometricInterpretations.Monochrome2, 1).Validate();

    /// <summary>Frame contents in four styles: noise (worst-case literals), long runs, short runs, constant.</summary>
    internal static byte[] MakeFrame(int length, int style, int seed)
    {
        var random = new Random(seed);
        var frame = new byte[length];
        switch (style)
        {
            case 0:
                random.NextBytes(frame);
                break;
            case 1:
            case 2:
                for (int i = 0; i < length;)
                {
                    int run = style == 1 ? random.Next(1, 400) : random.Next(1, 4);
                    byte value = (byte)random.Next(256);
                    for (int j = 0; j < run && i < length; j++)
                    {
                        frame[i++] = value;
                    }
                }

                break;
            default:
                Array.Fill(frame, (byte)seed);
                break;
        }

        return frame;
    }

    [Fact]
    public void Decodes_literal_replicate_and_no_op_runs_of_the_standard()
    {
        // One 8-bit segment of a 1×10 frame: literal "1 2 3", -128 (no-op), replicate 7 × 0x09.
        var encoded = new byte[RleCodec.HeaderLength + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(encoded, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(4), RleCodec.HeaderLength);
        byte[] segment = [2, 1, 2, 3, 0x80, unchecked((byte)-6), 9, 0];
        segment.CopyTo(encoded, RleCodec.HeaderLength);
        byte[] decoded = RleCodec.DecodeFrame(encoded, Layout(1, 10, 1, 8));
        Assert.Equal([1, 2, 3, 9, 9, 9, 9, 9, 9, 9], decoded);
    }

    [Fact]
    public void Sixteen_bit_segments_hold_the_most_significant_byte_first()
    {
        var info = Layout(1, 2, 1, 16);
        byte[] frame = [0x34, 0x12, 0x78, 0x56]; // little-endian 0x1234, 0x5678
        byte[] encoded = RleCodec.EncodeFrame(frame, info);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(encoded));
        int second = (int)BinaryPrimitives.ReadUInt32LittleEndian(encoded.AsSpan(8));
        Assert.Equal([1, 0x12, 0x56], encoded.AsSpan(RleCodec.HeaderLength, 3).ToArray());
        Assert.Equal([1, 0x34, 0x78], encoded.AsSpan(second, 3).ToArray());
        Assert.Equal(frame, RleCodec.DecodeFrame(encoded, info));
    }

    [Fact]
    public void Worst_case_literal_rows_stay_within_the_bound_and_segments_are_even()
    {
        var info = Layout(3, 257, 1, 8);
        var frame = new byte[info.FrameLength];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(i * 7); // neighbours always differ by 7 (mod 256)
        }

        byte[] encoded = RleCodec.EncodeFrame(frame, info);
        // Each row: literal runs of 128 + 128 + 1, so 3 header bytes per 257 bytes; 3 rows = 780, padded to even.
        Assert.Equal(RleCodec.HeaderLength + 780, encoded.Length);
        Assert.True(encoded.Length <= RleCodec.GetMaxEncodedLength(info));
        Assert.Equal(frame, RleCodec.DecodeFrame(encoded, info));
    }

    [Fact]
    public void Encode_then_decode_gives_the_frame_back_for_any_layout()
    {
        var gen = Gen.Select(
            Gen.Int[1, 40], Gen.Int[1, 300], Gen.OneOf(1, 3), Gen.OneOf(8, 16, 32), Gen.Int[0, 1], Gen.Int[0, 3], Gen.Int);
        gen.Sample(
            (rows, columns, samples, bits, planar, style, seed) =>
            {
                var info = Layout(rows, columns, samples, bits, planar);
                byte[] frame = MakeFrame(info.FrameLength, style, seed);
                byte[] encoded = RleCodec.EncodeFrame(frame, info);
                Assert.True(encoded.Length % 2 == 0, "encoded frame length must be even");
                Assert.True(encoded.Length <= RleCodec.GetMaxEncodedLength(info));
                Assert.Equal(frame, RleCodec.DecodeFrame(encoded, info));
            },
            iter: 300);
    }

    [Fact]
    public void Planar_and_interleaved_output_are_the_same_samples()
    {
        var interleaved = Layout(5, 7, 3, 16, 0);
        var planar = interleaved with { PlanarConfiguration = 1 };
        byte[] frame = MakeFrame(interleaved.FrameLength, 2, 7);
        byte[] encoded = RleCodec.EncodeFrame(frame, interleaved);
        byte[] asPlanes = RleCodec.DecodeFrame(encoded, planar);
        Assert.Equal(encoded, RleCodec.EncodeFrame(asPlanes, planar));
        var a = new int[interleaved.SamplesPerFrame];
        var b = new int[interleaved.SamplesPerFrame];
        StoredPixelValues.Read<int>(frame, interleaved, a);
        StoredPixelValues.Read<int>(asPlanes, planar, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Malformed_frames_give_a_clear_error()
    {
        var info = Layout(4, 4, 1, 16);
        byte[] good = RleCodec.EncodeFrame(MakeFrame(info.FrameLength, 0, 1), info);

        var error = Assert.Throws<DicomPixelDataException>(() => RleCodec.DecodeFrame(good.AsSpan(0, 40), info, 3));
        Assert.Contains("RLE frame 3", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<DicomPixelDataException>(() => RleCodec.DecodeFrame(good, Layout(4, 4, 1, 8)));
        Assert.Contains("header declares 2 segments", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<DicomPixelDataException>(() => RleCodec.DecodeFrame(good.AsSpan(0, good.Length - 10), info));
        Assert.Contains("segment 2 of 2 decodes to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_bytes_never_crash_the_decoder()
    {
        var info = Layout(8, 8, 1, 16);
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Int[0, 3]).Sample(
            (bytes, segments) =>
            {
                if (bytes.Length >= 12)
                {
                    // Make a plausible header half of the time so that segment decoding is exercised too.
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)segments);
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), RleCodec.HeaderLength);
                }

                try
                {
                    RleCodec.DecodeFrame(bytes, info);
                }
                catch (DicomPixelDataException)
                {
                }
            },
            iter: 2000);
    }
}
