using System.Buffers.Binary;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>The decoder on streams of the test encoder: every predictor, restart intervals, scans, tables, markers.</summary>
public sealed class JpegLosslessCodecTests
{
    internal static PixelDataInfo Layout(int rows, int columns, int samples, int bits, int planar = 0) =>
        new(rows, columns, samples, bits > 8 ? 16 : 8, bits, bits - 1, 0, planar,
            samples == 1 ? PhotometricInterpretations.Monochrome2 : "RGB", 1);

    /// <summary>A test image: gradients, noise, and the extremes 0 / 2^(P−1) / 2^P − 1 that need category 16 at 16 bits.</summary>
    internal static int[] Image(int rows, int columns, int samples, int precision, int seed)
    {
        var random = new Random(seed);
        int max = (1 << precision) - 1;
        var values = new int[rows * columns * samples];
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                for (int c = 0; c < samples; c++)
                {
                    int value = ((x * 7) + (y * 13) + (c * 101) + random.Next(-20, 21)) & max;
                    if ((x + y + c) % 17 == 0)
                    {
                        value = (x % 3) switch { 0 => 0, 1 => max, _ => 1 << (precision - 1) };
                    }

                    values[(((y * columns) + x) * samples) + c] = value;
                }
            }
        }

        return values;
    }

    /// <summary>The native frame the decoder must produce: samples shifted right then left by Pt, little-endian.</summary>
    internal static byte[] Native(int[] samples, PixelDataInfo info, int pointTransform = 0)
    {
        var frame = new byte[info.FrameLength];
        int pixels = info.PixelsPerFrame, count = info.SamplesPerPixel;
        for (int i = 0; i < samples.Length; i++)
        {
            int value = samples[i] >> pointTransform << pointTransform;
            int at = info.IsPlanar ? ((i % count) * pixels) + (i / count) : i;
            if (info.BytesPerSample == 1)
            {
                frame[at] = (byte)value;
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(at * 2), (ushort)value);
            }
        }

        return frame;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Every_predictor_reconstructs_16_bit_samples_including_category_16_differences(int predictor)
    {
        var info = Layout(23, 31, 1, 16);
        int[] samples = Image(23, 31, 1, 16, predictor);
        foreach (bool deep in new[] { false, true })
        {
            byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 31, 23, 1, 16, new(predictor, DeepTable: deep));
            Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));
        }
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(8, 8)]
    [InlineData(12, 16)]
    [InlineData(15, 16)]
    public void Precisions_from_2_to_16_bits_decode_into_8_or_16_bit_samples(int precision, int bitsAllocated)
    {
        var info = Layout(9, 14, 1, precision) with { BitsAllocated = bitsAllocated };
        int[] samples = Image(9, 14, 1, precision, precision);
        for (int predictor = 1; predictor <= 7; predictor++)
        {
            byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 14, 9, 1, precision, new(predictor));
            Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));
        }
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    public void Colour_decodes_from_one_interleaved_scan_or_one_scan_per_component_into_either_planar_configuration(bool separateScans, int planar)
    {
        foreach (int bits in new[] { 8, 16 })
        {
            var info = Layout(11, 10, 3, bits, planar);
            int[] samples = Image(11, 10, 3, bits, bits);
            byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 10, 11, 3, bits, new(5, SeparateScans: separateScans, DeepTable: true));
            Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));
        }
    }

    [Fact]
    public void Four_components_with_four_Huffman_tables_decode_interleaved_and_in_separate_scans()
    {
        var info = Layout(6, 9, 4, 16) with { PhotometricInterpretation = "ARGB" };
        int[] samples = Image(6, 9, 4, 16, 4);
        foreach (bool separate in new[] { false, true })
        {
            byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 9, 6, 4, 16, new(7, SeparateScans: separate, DeepTable: true));
            Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));
        }
    }

    [Fact]
    public void Sampling_factors_of_a_single_component_are_ignored()
    {
        var info = Layout(5, 6, 1, 12);
        int[] samples = Image(5, 6, 1, 12, 9);
        byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 6, 5, 1, 12, new(2));
        int sof = encoded.AsSpan().IndexOf([(byte)0xFF, (byte)0xC3]);
        encoded[sof + 11] = 0x22; // H = V = 2: with one component the MCU is still one sample (T.81 A.2.2)
        Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));

        var colour = JpegLosslessTestEncoder.Encode(Image(5, 6, 3, 12, 9), 6, 5, 3, 12, new(2));
        colour[colour.AsSpan().IndexOf([(byte)0xFF, (byte)0xC3]) + 14] = 0x21;
        var error = Assert.Throws<DicomPixelDataException>(() => JpegLosslessCodec.DecodeFrame(colour, Layout(5, 6, 3, 12)));
        Assert.Contains("sampling factors 2×1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(2, true)]
    [InlineData(8, true)]
    public void Restart_intervals_reset_the_prediction_at_each_RST_marker(int linesPerInterval, bool separateScans)
    {
        // 20 lines in intervals of 1–8 lines: RST0–RST7 wrap around (T.81 B.2.1) and the last interval is short.
        var info = Layout(20, 12, 3, 12);
        int[] samples = Image(20, 12, 3, 12, linesPerInterval);
        for (int predictor = 1; predictor <= 7; predictor++)
        {
            var options = new JpegLosslessOptions(predictor, RestartInterval: linesPerInterval * 12, SeparateScans: separateScans, Extras: true);
            byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 12, 20, 3, 12, options);
            Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(15)]
    public void Point_transform_multiplies_the_decoded_samples_by_2_to_the_Pt(int pointTransform)
    {
        var info = Layout(13, 17, 1, 16);
        int[] samples = Image(13, 17, 1, 16, pointTransform);
        byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 17, 13, 1, 16, new(6, PointTransform: pointTransform, DeepTable: true));
        Assert.Equal(Native(samples, info, pointTransform), JpegLosslessCodec.DecodeFrame(encoded, info));
    }

    [Fact]
    public void Number_of_lines_from_a_DNL_segment_and_skipped_APP_COM_DQT_segments_and_fill_bytes_are_accepted()
    {
        var info = Layout(7, 5, 1, 16);
        int[] samples = Image(7, 5, 1, 16, 1);
        byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 5, 7, 1, 16, new(7, LinesInDnl: true, Extras: true));
        Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded, info));

        int dnl = encoded.AsSpan().IndexOf([(byte)0xFF, (byte)0xDC, (byte)0, (byte)4]);
        encoded[dnl + 5] = 9;
        var error = Assert.Throws<DicomPixelDataException>(() => JpegLosslessCodec.DecodeFrame(encoded, info));
        Assert.Contains("the DNL segment gives 9 lines but Rows (0028,0010) is 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_after_EOI_is_ignored_and_a_missing_EOI_after_the_last_scan_is_tolerated()
    {
        var info = Layout(4, 4, 1, 8);
        int[] samples = Image(4, 4, 1, 8, 3);
        byte[] encoded = JpegLosslessTestEncoder.Encode(samples, 4, 4, 1, 8, new(1));
        Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame([.. encoded, 0], info)); // PS3.5 A.4: even length
        Assert.Equal(Native(samples, info), JpegLosslessCodec.DecodeFrame(encoded.AsSpan(0, encoded.Length - 2), info));
    }
}
