using System.Buffers;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// Turns one slice into one model input image <c>[3,H,W]</c>: windows to 0…255, letterbox (bilinear resize, centred,
/// padding 114), then /255 (contract §2, §5.1). Works row by row on spans with one pooled scratch plane.
/// </summary>
public static class SlicePreprocessor
{
    /// <summary>Ultralytics' letterbox border value, on the 0…255 scale.</summary>
    public const float PadValue = 114f;

    /// <summary>Fills <paramref name="destination"/> (3·H·W floats, NCHW) and returns the letterbox geometry.</summary>
    public static LetterboxGeometry Fill(Slice slice, IReadOnlyList<WindowPreset> windows, int height, int width, Span<float> destination)
    {
        if (windows.Count is not (1 or 3))
        {
            throw new ArgumentException($"one or three windows are needed, got {windows.Count}", nameof(windows));
        }

        int plane = height * width;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, [3,{height},{width}] needs {3 * plane}", nameof(destination));
        }

        var g = LetterboxGeometry.Compute(slice.Rows, slice.Columns, height, width);
        bool linearWindows = true;
        for (int c = 0; c < windows.Count; c++)
        {
            linearWindows &= windows[c].Width > 1;
        }

        if (linearWindows)
        {
            Span<(float Scale, float Offset)> linear = stackalloc (float, float)[windows.Count];
            for (int c = 0; c < linear.Length; c++)
            {
                linear[c] = windows[c].LinearCoefficients;
            }

            WindowedLetterbox.Fill(slice.Pixels.Span, slice.Rows, slice.Columns, linear, g, destination, height, width);
        }
        else
        {
            FillPerWindow(slice, windows, g, destination, height, width);
        }

        if (windows.Count == 1)
        {
            var first = destination[..plane];
            first.CopyTo(destination.Slice(plane, plane));
            first.CopyTo(destination.Slice(2 * plane, plane));
        }

        return g;
    }

    /// <summary>
    /// The reference path: each window over the whole slice into a scratch plane, then <see cref="Place"/>. Used for
    /// threshold windows (width 1); the fused <see cref="WindowedLetterbox"/> must equal it bit for bit.
    /// </summary>
    internal static void FillPerWindow(Slice slice, IReadOnlyList<WindowPreset> windows, LetterboxGeometry g, Span<float> destination, int height, int width)
    {
        int plane = height * width;
        var pixels = slice.Pixels.Span;
        var scratch = ArrayPool<float>.Shared.Rent(pixels.Length);
        try
        {
            for (int c = 0; c < windows.Count; c++)
            {
                var channel = destination.Slice(c * plane, plane);
                windows[c].Apply(pixels, scratch);
                Place(scratch.AsSpan(0, pixels.Length), slice.Rows, slice.Columns, g, channel, width);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Resizes one 0…255 plane into the letterbox window of <paramref name="channel"/>, pads, scales by 1/255.</summary>
    internal static void Place(ReadOnlySpan<float> source, int h0, int w0, LetterboxGeometry g, Span<float> channel, int width)
    {
        const float inv = 1f / 255f;
        float pad = PadValue * inv;
        var inner = channel[((g.Top * width) + g.Left)..];
        if (g.ResizedHeight == h0 && g.ResizedWidth == w0)
        {
            for (int y = 0; y < h0; y++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(source.Slice(y * w0, w0), inv, inner.Slice(y * width, w0));
            }
        }
        else
        {
            BilinearResize.Resize(source, h0, w0, inner, g.ResizedHeight, g.ResizedWidth, width, inv);
        }

        g.PadOutside(channel, width, pad);
    }
}
