using CsCheck;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Preprocessing;

/// <summary>The fused window + letterbox equals the reference path (each window over the slice, then the resize) bit for bit.</summary>
public class WindowedLetterboxTests
{
    private static readonly WindowPreset[] ThreeWindows = [WindowPreset.Lung, WindowPreset.Mediastinum, new WindowPreset(400, 1800)];

    [Theory]
    [InlineData(512, 512, 640, 640)] // the CT case: 1.25× up
    [InlineData(512, 512, 256, 256)] // 2× down
    [InlineData(1024, 768, 640, 640)]
    [InlineData(335, 500, 640, 640)]
    [InlineData(640, 640, 640, 640)] // no resize
    [InlineData(37, 13, 64, 64)] // rows shorter than a vector
    [InlineData(7, 300, 32, 48)]
    public void Fused_letterbox_equals_windowing_then_resizing_bit_for_bit(int h0, int w0, int height, int width)
    {
        var slice = RandomCt(h0, w0, seed: h0 + w0);
        Assert.Equal(Reference(slice, ThreeWindows, height, width), Fused(slice, ThreeWindows, height, width));
        Assert.Equal(Reference(slice, [WindowPreset.Lung], height, width), Fused(slice, [WindowPreset.Lung], height, width));
    }

    [Fact]
    public void Fused_letterbox_equals_the_reference_for_any_size_and_window()
    {
        Gen.Select(Gen.Int[1, 90], Gen.Int[1, 90], Gen.Int[8, 96], Gen.Int[8, 96], Gen.Double[-1200, 1200], Gen.Double[1.5, 4000], Gen.Int[0, 1000])
            .Sample((h0, w0, height, width, center, windowWidth, seed) =>
            {
                var slice = RandomCt(h0, w0, seed);
                WindowPreset[] windows = [new WindowPreset(center, windowWidth), WindowPreset.Lung, new WindowPreset(-center, windowWidth * 2)];
                return Reference(slice, windows, height, width).AsSpan().SequenceEqual(Fused(slice, windows, height, width));
            }, iter: 300);
    }

    [Fact]
    public void Threshold_window_keeps_the_reference_path()
    {
        var slice = RandomCt(20, 30, seed: 3);
        WindowPreset[] windows = [new WindowPreset(0, 1), WindowPreset.Lung, WindowPreset.Mediastinum];
        Assert.Equal(Reference(slice, windows, 32, 32), Fused(slice, windows, 32, 32));
    }

    private static float[] Fused(Slice slice, IReadOnlyList<WindowPreset> windows, int height, int width)
    {
        var dst = new float[3 * height * width];
        SlicePreprocessor.Fill(slice, windows, height, width, dst);
        return dst;
    }

    private static float[] Reference(Slice slice, IReadOnlyList<WindowPreset> windows, int height, int width)
    {
        var dst = new float[3 * height * width];
        var g = LetterboxGeometry.Compute(slice.Rows, slice.Columns, height, width);
        SlicePreprocessor.FillPerWindow(slice, windows, g, dst, height, width);
        if (windows.Count == 1)
        {
            dst.AsSpan(0, height * width).CopyTo(dst.AsSpan(height * width));
            dst.AsSpan(0, height * width).CopyTo(dst.AsSpan(2 * height * width));
        }

        return dst;
    }

    /// <summary>HU-like values from −1024 to 3071 (12-bit CT), fractional after a rescale slope.</summary>
    private static Slice RandomCt(int rows, int columns, int seed)
    {
        var rnd = new Random(seed);
        var hu = new float[rows * columns];
        for (int i = 0; i < hu.Length; i++)
        {
            hu[i] = (rnd.Next(0, 4096) * 1.0f) - 1024f + (rnd.Next(0, 4) * 0.25f);
        }

        return new Slice(hu, rows, columns, 0.7, 0.7);
    }
}
