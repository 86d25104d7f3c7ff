using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.Preprocessing;

public class LetterboxTests
{
    /// <summary>The worked table of contract §5.1 (H = W = 640).</summary>
    [Theory]
    [InlineData(512, 512, 1.25, 640, 640, 0, 0, 0, 0, 0, 0)]
    [InlineData(384, 512, 1.25, 480, 640, 80, 80, 0, 0, 80, 0)]
    [InlineData(335, 500, 1.28, 429, 640, 105, 106, 0, 0, 106, 0)]
    [InlineData(1024, 768, 0.625, 640, 480, 0, 0, 80, 80, 0, 80)]
    public void Matches_the_reference_table(int h0, int w0, double r, int newH, int newW, int top, int bottom, int left, int right,
        int padY, int padX)
    {
        var g = LetterboxGeometry.Compute(h0, w0, 640, 640);
        Assert.Equal(r, g.Gain);
        Assert.Equal((newH, newW), (g.ResizedHeight, g.ResizedWidth));
        Assert.Equal((top, bottom, left, right), (g.Top, g.Bottom, g.Left, g.Right));
        Assert.Equal((padY, padX), (g.BoxPadY, g.BoxPadX));
    }

    [Fact]
    public void Rounds_half_to_even_like_python()
    {
        // 50×40 into 64: r = 1.28, new_w = round(51.2) = 51, dw = 6.5, left = round(6.4) = 6, right = round(6.6) = 7.
        var g = LetterboxGeometry.Compute(50, 40, 64, 64);
        Assert.Equal((64, 51, 6, 7), (g.ResizedHeight, g.ResizedWidth, g.Left, g.Right));
        // 2×5 into 5×5: r = 1, dh = 1.5: top = round(1.4) = 1, bottom = round(1.6) = 2.
        var h = LetterboxGeometry.Compute(2, 5, 5, 5);
        Assert.Equal((1, 2), (h.Top, h.Bottom));
        // 1×3 into 6×6: r = 2, new 2×6, dh = 2: top = round(1.9) = 2, bottom = round(2.1) = 2.
        var k = LetterboxGeometry.Compute(1, 3, 6, 6);
        Assert.Equal((2, 2), (k.Top, k.Bottom));
    }

    [Fact]
    public void Scale_boxes_uses_the_unrounded_pad_for_335x500()
    {
        var g = LetterboxGeometry.Compute(335, 500, 640, 640);
        // A box on the first image row of the letterbox (y = top = 105) maps above the slice and is clamped to 0.
        var (_, y1, _, y2) = g.ToSource(0, 105, 640, 106 + 128);
        Assert.Equal(0f, y1);
        Assert.Equal(100f, y2, 4);
    }

    [Theory]
    [InlineData("50x40")]
    [InlineData("37x64")]
    [InlineData("80x100")]
    [InlineData("64x64")]
    public void Letterboxed_pixels_match_torch_bilinear_and_pad_114(string key)
    {
        var e = Fixtures.Json("expected-letterbox.json").GetProperty(key);
        var parts = key.Split('x');
        int h0 = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int w0 = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var input = e.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = e.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        // The window from 0 to 255 maps the fixture's 0…255 values onto themselves.
        var slice = new Slice(input, h0, w0, 1, 1);
        var dst = new float[3 * 64 * 64];
        var g = SlicePreprocessor.Fill(slice, [WindowPreset.FromRange(0, 255)], 64, 64, dst);
        Assert.Equal(e.GetProperty("top").GetInt32(), g.Top);
        Assert.Equal(e.GetProperty("left").GetInt32(), g.Left);
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs((dst[(c * 4096) + i] * 255f) - expected[i]) < 2e-3f, $"channel {c} pixel {i}: {dst[(c * 4096) + i] * 255f} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void Three_windows_fill_three_channels_in_order_with_the_dicom_linear_function()
    {
        var hu = new float[] { -1000, -600, 40, 400 };
        var slice = new Slice(hu, 2, 2, 0.7, 0.7);
        var dst = new float[3 * 2 * 2];
        SlicePreprocessor.Fill(slice, [WindowPreset.Lung, WindowPreset.Mediastinum, new WindowPreset(0, 2001)], 2, 2, dst);
        // PS3.3 C.11.2.1.2.1: (x − (c − 0.5)) / (w − 1) + 0.5, clamped to 0…1.
        Assert.Equal(((-1000 + 600.5) / 1499.0) + 0.5, dst[0], 5);
        Assert.Equal((0.5 / 1499.0) + 0.5, dst[1], 5);
        Assert.Equal(0f, dst[4], 5);
        Assert.Equal(((40 - 49.5) / 349.0) + 0.5, dst[6], 5);
        Assert.Equal(1f, dst[7], 5);
        Assert.Equal(((400 + 0.5) / 2000.0) + 0.5, dst[11], 5);
    }

    [Fact]
    public void Window_of_width_one_is_a_threshold_at_centre_minus_half()
    {
        var dst = new float[3];
        new WindowPreset(10, 1).Apply([9.5f, 9.6f, 100f], dst);
        Assert.Equal([0f, 255f, 255f], dst);
    }

    [Fact]
    public void Percentile_window_spans_the_series_percentiles()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (float)i).ToArray();
        var w = PercentileWindow.Compute([new Slice(values, 1, 1001, 1, 1)], 0.5, 99.5);
        Assert.Equal(5.0, w.Lower, 6);
        Assert.Equal(995.0, w.Upper, 6);
    }
}
