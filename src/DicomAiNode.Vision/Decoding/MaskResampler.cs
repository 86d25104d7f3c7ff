using System.Buffers;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Bilinear upsampling (torch <c>interpolate(mode='bilinear', align_corners=False)</c>) followed by a threshold,
/// evaluated only where the result can be non-zero: the source is given as a window of values (zero outside it),
/// so the cost follows the mask's size, not the image's.
/// </summary>
internal static class MaskResampler
{
    /// <summary>
    /// torch's source index and weight per destination index: <c>src = max(s·(dst+0.5) − 0.5, 0)</c> in float with
    /// s = (float)in/out, index = min(floor(src), in−1), λ = clamp(src − index, 0, 1), next = index+1 unless last.
    /// </summary>
    public static void TorchCoordinates(int sourceLength, Span<int> index0, Span<int> index1, Span<float> lambda)
    {
        float scale = (float)sourceLength / index0.Length;
        for (int d = 0; d < index0.Length; d++)
        {
            float src = MathF.Max((scale * (d + 0.5f)) - 0.5f, 0f);
            int i = Math.Min((int)MathF.Floor(src), sourceLength - 1);
            index0[d] = i;
            index1[d] = i < sourceLength - 1 ? i + 1 : i;
            lambda[d] = Math.Clamp(src - i, 0f, 1f);
        }
    }

    /// <summary>
    /// Thresholds the upsampled source over the destination pixels that can see the source window.
    /// </summary>
    /// <param name="window">Source values over <paramref name="windowRect"/> with a one-pixel zero margin on every side: (h+2)×(w+2).</param>
    /// <param name="windowRect">The source rectangle the window's interior covers; values outside are 0.</param>
    /// <param name="sourceRows">Source height.</param>
    /// <param name="sourceColumns">Source width.</param>
    /// <param name="rows">Destination height.</param>
    /// <param name="columns">Destination width.</param>
    /// <param name="clip">Destination pixels outside this rectangle stay 0.</param>
    /// <param name="threshold">Pixels with value strictly greater are set.</param>
    public static RegionMask? Threshold(ReadOnlySpan<float> window, PixelRect windowRect, int sourceRows, int sourceColumns,
        int rows, int columns, PixelRect clip, float threshold)
    {
        if (windowRect.IsEmpty)
        {
            return null;
        }

        var ints = ArrayPool<int>.Shared.Rent(2 * (rows + columns));
        var floats = ArrayPool<float>.Shared.Rent(rows + columns);
        byte[]? region = null;
        try
        {
            var r0 = ints.AsSpan(0, rows);
            var r1 = ints.AsSpan(rows, rows);
            var c0 = ints.AsSpan(2 * rows, columns);
            var c1 = ints.AsSpan((2 * rows) + columns, columns);
            var ry = floats.AsSpan(0, rows);
            var cx = floats.AsSpan(rows, columns);
            TorchCoordinates(sourceRows, r0, r1, ry);
            TorchCoordinates(sourceColumns, c0, c1, cx);
            var (rowStart, rowEnd) = Reach(r0, r1, windowRect.Top, windowRect.Bottom);
            var (colStart, colEnd) = Reach(c0, c1, windowRect.Left, windowRect.Right);
            var dest = new PixelRect(rowStart, colStart, rowEnd, colEnd).Intersect(clip).Intersect(new PixelRect(0, 0, rows, columns));
            if (dest.IsEmpty)
            {
                return null;
            }

            int stride = windowRect.Width + 2;
            int w = dest.Width;
            region = ArrayPool<byte>.Shared.Rent(dest.Height * w);
            var bytes = region.AsSpan(0, dest.Height * w);
            for (int y = dest.Top; y < dest.Bottom; y++)
            {
                // Local rows in the padded window; the reach computation keeps them within [0, h+1].
                var rowA = window.Slice((r0[y] - windowRect.Top + 1) * stride, stride);
                var rowB = window.Slice((r1[y] - windowRect.Top + 1) * stride, stride);
                float fy = ry[y], gy = 1f - fy;
                var outRow = bytes.Slice((y - dest.Top) * w, w);
                for (int x = dest.Left; x < dest.Right; x++)
                {
                    int a = c0[x] - windowRect.Left + 1;
                    int b = c1[x] - windowRect.Left + 1;
                    float fx = cx[x], gx = 1f - fx;
                    float v = (gy * ((gx * rowA[a]) + (fx * rowA[b]))) + (fy * ((gx * rowB[a]) + (fx * rowB[b])));
                    outRow[x - dest.Left] = v > threshold ? (byte)1 : (byte)0;
                }
            }

            return RegionMask.FromRegion(rows, columns, dest, bytes);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ints);
            ArrayPool<float>.Shared.Return(floats);
            if (region is not null)
            {
                ArrayPool<byte>.Shared.Return(region);
            }
        }
    }

    /// <summary>
    /// Destination indices whose source neighbours touch [start, end): a contiguous range because the indices are
    /// non-decreasing.
    /// </summary>
    public static (int Start, int End) Reach(ReadOnlySpan<int> index0, ReadOnlySpan<int> index1, int start, int end)
    {
        int first = -1, last = -2;
        for (int d = 0; d < index0.Length; d++)
        {
            bool touches = (index0[d] >= start && index0[d] < end) || (index1[d] >= start && index1[d] < end);
            if (touches)
            {
                if (first < 0)
                {
                    first = d;
                }

                last = d;
            }
            else if (first >= 0)
            {
                break;
            }
        }

        return (Math.Max(first, 0), last + 1);
    }
}
