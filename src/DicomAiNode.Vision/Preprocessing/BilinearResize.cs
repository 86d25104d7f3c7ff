using System.Buffers;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// Bilinear resampling with half-pixel centres, the convention of OpenCV <c>INTER_LINEAR</c> (letterbox) and of
/// torch <c>interpolate(mode='bilinear', align_corners=False)</c> (masks): <c>src = (dst + 0.5)·in/out − 0.5</c>,
/// clamped at 0, the right/bottom neighbour clamped to the last pixel. No antialiasing when shrinking, as both.
/// </summary>
public static class BilinearResize
{
    /// <summary>
    /// Resizes <paramref name="source"/> (sh×sw, row stride sw) into <paramref name="destination"/> (dh×dw with row
    /// stride <paramref name="destinationStride"/>), multiplying every value by <paramref name="scale"/>.
    /// Coordinates are computed as OpenCV does (double, then float).
    /// </summary>
    public static void Resize(ReadOnlySpan<float> source, int sh, int sw, Span<float> destination, int dh, int dw,
        int destinationStride, float scale = 1f)
    {
        var xIndex = ArrayPool<int>.Shared.Rent(dw);
        var xWeight = ArrayPool<float>.Shared.Rent(dw);
        try
        {
            Coordinates((double)sw / dw, sw, xIndex.AsSpan(0, dw), xWeight.AsSpan(0, dw));
            double scaleY = (double)sh / dh;
            for (int y = 0; y < dh; y++)
            {
                float fy = (float)(((y + 0.5) * scaleY) - 0.5);
                int y0 = (int)MathF.Floor(fy);
                fy -= y0;
                if (y0 < 0)
                {
                    y0 = 0;
                    fy = 0;
                }

                if (y0 >= sh - 1)
                {
                    y0 = sh - 1;
                    fy = 0;
                }

                int y1 = Math.Min(y0 + 1, sh - 1);
                RowBlend(source.Slice(y0 * sw, sw), source.Slice(y1 * sw, sw), fy, xIndex.AsSpan(0, dw), xWeight.AsSpan(0, dw),
                    destination.Slice(y * destinationStride, dw), scale);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(xIndex);
            ArrayPool<float>.Shared.Return(xWeight);
        }
    }

    /// <summary>Source index and fractional weight of every destination column.</summary>
    internal static void Coordinates(double scale, int sourceLength, Span<int> index, Span<float> weight)
    {
        for (int x = 0; x < index.Length; x++)
        {
            float fx = (float)(((x + 0.5) * scale) - 0.5);
            int x0 = (int)MathF.Floor(fx);
            fx -= x0;
            if (x0 < 0)
            {
                x0 = 0;
                fx = 0;
            }

            if (x0 >= sourceLength - 1)
            {
                x0 = sourceLength - 1;
                fx = 0;
            }

            index[x] = x0;
            weight[x] = fx;
        }
    }

    private static void RowBlend(ReadOnlySpan<float> row0, ReadOnlySpan<float> row1, float fy, ReadOnlySpan<int> xi,
        ReadOnlySpan<float> xw, Span<float> dst, float scale)
    {
        int last = row0.Length - 1;
        float gy = 1f - fy;
        for (int x = 0; x < dst.Length; x++)
        {
            int x0 = xi[x];
            int x1 = x0 < last ? x0 + 1 : last;
            float fx = xw[x];
            float gx = 1f - fx;
            // torch's order of operations: h0λ·(w0λ·a + w1λ·b) + h1λ·(w0λ·c + w1λ·d).
            dst[x] = ((gy * ((gx * row0[x0]) + (fx * row0[x1]))) + (fy * ((gx * row1[x0]) + (fx * row1[x1])))) * scale;
        }
    }
}
