using System.Buffers.Binary;
using CsCheck;
using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Modality LUT (PS3.3 C.11.1) and VOI LUT (C.11.2) against values computed by hand from the standard's formulas.</summary>
public class LutTests
{
    private static byte[] Words(params short[] words)
    {
        var bytes = new byte[words.Length * 2];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), words[i]);
        }

        return bytes;
    }

    [Fact]
    public void Rescale_slope_and_intercept_give_Hounsfield_units()
    {
        var info = new PixelDataInfo(1, 4, 1, 16, 16, 15, 1, 0, PhotometricInterpretations.Monochrome2, 1).Validate();
        var hu = new float[4];
        ModalityLut.FromRescale(1, -1024, "HU").Apply(Words(0, 1024, 3071, -1000), info, hu);
        Assert.Equal([-1024f, 0f, 2047f, -2024f], hu);

        ModalityLut.FromRescale(2.5, 10).Apply(Words(100, -4, 0, 1), info, hu);
        Assert.Equal([260f, 0f, 10f, 12.5f], hu);
    }

    [Fact]
    public void Rescale_applies_after_bits_above_High_Bit_are_dropped()
    {
        var info = new PixelDataInfo(1, 2, 1, 16, 12, 11, 1, 0, PhotometricInterpretations.Monochrome2, 1).Validate();
        var values = new float[2];
        ModalityLut.FromRescale(1, -1024).Apply(Words(0x0F0F, unchecked((short)0xF7FF)), info, values);
        Assert.Equal([-241f - 1024, 2047f - 1024], values);
    }

    [Fact]
    public void Modality_LUT_clamps_below_the_first_mapped_value_and_above_the_last_entry()
    {
        byte[] data = [100, 0, 200, 0, 44, 1, 144, 1]; // 100, 200, 300, 400 little-endian
        var table = LookupTable.FromDescriptor([4, 10, 16], data, signedInput: false);
        var lut = ModalityLut.FromLookupTable(table, "OD");
        Assert.Equal(100, lut.Apply(9));
        Assert.Equal(100, lut.Apply(10));
        Assert.Equal(300, lut.Apply(12));
        Assert.Equal(400, lut.Apply(13));
        Assert.Equal(400, lut.Apply(20));

        var info = new PixelDataInfo(1, 3, 1, 8, 8, 7, 0, 0, PhotometricInterpretations.Monochrome2, 1).Validate();
        var values = new float[3];
        lut.Apply([11, 0, 255], info, values);
        Assert.Equal([200f, 100f, 400f], values);
    }

    [Fact]
    public void LUT_descriptor_first_value_is_signed_for_signed_input_and_8_bit_entries_may_be_packed()
    {
        var table = LookupTable.FromDescriptor([3, 0xFFFE, 8], [5, 6, 7], signedInput: true);
        Assert.Equal(-2, table.FirstMappedValue);
        Assert.Equal(5, table[-2]);
        Assert.Equal(6, table[-1]);
        Assert.Equal(7, table[0]);

        var full = LookupTable.FromDescriptor([0, 0, 16], new byte[65536 * 2], signedInput: false);
        Assert.Equal(65536, full.Length);

        var error = Assert.Throws<DicomPixelDataException>(() => LookupTable.FromDescriptor([4, 0, 16], [1, 2], false));
        Assert.Contains("LUT Data holds 2 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // C.11.2.1.2.1 with c = 40, w = 400: x <= -160 -> 0, x > 239 -> 255, else ((x - 39.5) / 399 + 0.5) * 255.
    [InlineData(-1000, 0)]
    [InlineData(-160, 0)]
    [InlineData(-159, 1)] // 0.639
    [InlineData(40, 128)] // 127.82
    [InlineData(239, 255)]
    [InlineData(3000, 255)]
    public void Linear_window_follows_the_standard_pseudo_code(float x, byte expected)
    {
        var output = new byte[1];
        VoiLut.FromWindow(40, 400).ApplyTo8Bit([x], output);
        Assert.Equal(expected, output[0]);
        Assert.Equal(expected, (byte)Math.Round(new VoiWindow(40, 400).Apply(x, 0, 255)));
    }

    [Fact]
    public void Linear_window_of_width_one_is_a_threshold_at_center_minus_one_half()
    {
        var window = new VoiWindow(100, 1);
        Assert.Equal(0, window.Apply(99.5, 0, 255));
        Assert.Equal(255, window.Apply(99.51, 0, 255));
        Assert.Throws<DicomPixelDataException>(() => new VoiWindow(100, 0.5));
    }

    [Theory]
    // C.11.2.1.3.2 with c = 0, w = 100: x <= -50 -> 0, x > 50 -> 255, else ((x - 0) / 100 + 0.5) * 255.
    [InlineData(-50, 0)]
    [InlineData(-49, 2.55)]
    [InlineData(25, 191.25)]
    [InlineData(50, 255)]
    [InlineData(51, 255)]
    public void Linear_exact_window_follows_the_standard_pseudo_code(double x, double expected)
    {
        Assert.Equal(expected, new VoiWindow(0, 100, VoiLutFunction.LinearExact).Apply(x, 0, 255), 9);
    }

    [Theory]
    // C.11.2.1.3.1: y = 255 / (1 + exp(-4 (x - c) / w)) with c = 0, w = 100.
    [InlineData(0, 127.5)]
    [InlineData(25, 186.41993755)] // 255 / (1 + e^-1)
    [InlineData(-25, 68.58006245)] // 255 / (1 + e^1)
    public void Sigmoid_window_follows_the_standard_equation(double x, double expected)
    {
        Assert.Equal(expected, new VoiWindow(0, 100, VoiLutFunction.Sigmoid).Apply(x, 0, 255), 6);
    }

    [Fact]
    public void VOI_LUT_Function_values_parse_and_unknown_ones_are_named()
    {
        Assert.Equal(VoiLutFunction.Linear, VoiWindow.ParseFunction(null));
        Assert.Equal(VoiLutFunction.LinearExact, VoiWindow.ParseFunction("LINEAR_EXACT "));
        Assert.Equal(VoiLutFunction.Sigmoid, VoiWindow.ParseFunction("SIGMOID"));
        var error = Assert.Throws<DicomPixelDataException>(() => VoiWindow.ParseFunction("LOG"));
        Assert.Contains("'LOG'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MONOCHROME1_output_is_inverted()
    {
        var output = new byte[3];
        VoiLut.FromWindow(0, 100, VoiLutFunction.LinearExact).ApplyTo8Bit([-50, 25, 50], output, invert: true);
        Assert.Equal([255, 64, 0], output); // 255 - 191.25 = 63.75
    }

    [Fact]
    public void VOI_LUT_table_output_is_scaled_from_its_bit_depth()
    {
        var table = new LookupTable(0, 8, [0, 128, 255]);
        var output = new byte[4];
        VoiLut.FromLookupTable(table).ApplyTo8Bit([-5, 1, 1.7f, 9], output);
        Assert.Equal([0, 128, 128, 255], output);
    }

    [Fact]
    public void Linear_window_fast_path_equals_the_pseudo_code()
    {
        Gen.Select(Gen.Double[-2000, 2000], Gen.Double[1, 4000], Gen.Float[-3000, 3000].Array[1, 50]).Sample(
            (center, width, values) =>
            {
                var lut = VoiLut.FromWindow(center, width);
                var fast = new float[values.Length];
                lut.Apply(values, fast, 0, 1);
                for (int i = 0; i < values.Length; i++)
                {
                    double expected = new VoiWindow(center, width).Apply(values[i], 0, 1);
                    Assert.True(Math.Abs(expected - fast[i]) <= 1e-5, $"x = {values[i]}: {fast[i]}, pseudo-code {expected}");
                }
            });
    }

    [Fact]
    public void Vectorised_16_bit_rescale_equals_the_stored_values_times_slope_plus_intercept()
    {
        Gen.Select(Gen.Int[1, 16], Gen.Int[0, 4], Gen.Int[0, 1], Gen.Int[1, 200], Gen.Int).Sample(
            (stored, extraHighBit, representation, columns, seed) =>
            {
                int highBit = Math.Min(stored - 1 + extraHighBit, 15);
                var info = new PixelDataInfo(3, columns, 1, 16, stored, highBit, representation, 0, PhotometricInterpretations.Monochrome2, 1).Validate();
                var frame = new byte[info.FrameLength];
                new Random(seed).NextBytes(frame);
                var expected = new long[info.SamplesPerFrame];
                StoredPixelValues.Read<long>(frame, info, expected);
                var actual = new float[info.SamplesPerFrame];
                ModalityLut.FromRescale(0.5, -1024).Apply(frame, info, actual);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.Equal((expected[i] * 0.5f) - 1024f, actual[i]);
                }
            });
    }
}
