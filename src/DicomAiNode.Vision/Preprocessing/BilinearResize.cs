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
        var rows = ArrayPool<float>.Shared.Rent(2 * dw);
        try
        {
            var xi = xIndex.AsSpan(0, dw);
            var xw = xWeight.AsSpan(0, dw);
            Coordinates((double)sw / dw, sw, xi, xw);
            // OpenCV's order: each source row is interpolated horizontally once (cached while consecutive output
            // rows reuse it), then two such rows are blended vertically with SIMD.
            var pair = new BilinearRowPair(rows.AsSpan(0, dw), rows.AsSpan(dw, dw), sh, dh);
            for (int y = 0; y < dh; y++)
            {
                var (fillUpper, fillLower) = pair.MoveTo(y);
                if (fillUpper) Horizontal(source.Slice(pair.UpperRow * sw, sw), xi, xw, pair.Upper);
                if (fillLower) Horizontal(source.Slice(pair.LowerRow * sw, sw), xi, xw, pair.Lower);
                var dst = destination.Slice(y * destinationStride, dw);
                System.Numerics.Tensors.TensorPrimitives.Multiply(pair.Upper, (1f - pair.Weight) * scale, dst);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(pair.Lower, pair.Weight * scale, dst, dst);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(xIndex);
            ArrayPool<float>.Shared.Return(xWeight);
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    private static void Horizontal(ReadOnlySpan<float> row, ReadOnlySpan<int> xi, ReadOnlySpan<float> xw, Span<float> dst)
    {
        int last = row.Length - 1;
        for (int x = 0; x < dst.Length; x++)
        {
            int x0 = xi[x];
            int x1 = x0 < last ? x0 + 1 : last;
            float fx = xw[x];
            dst[x] = ((1f - fx) * row[x0]) + (fx * row[x1]);
        }
    }

    /// <summary>Source index and fractional weight of every destination column.</summary>
    internal static void Coordinates(double scale, int sourceLength, Span<int> index, Span<float> weight)
    {
        for (int x = 0; x < index.Length; x++)
        {
            (index[x], weight[x]) = Coordinate(x, scale, sourceLength);
        }
    }

    /// <summary>
    /// The source index and weight of destination position <paramref name="i"/>, as OpenCV computes them: half-pixel
    /// centres in double, then float; clamped at 0 and at the last source position (weight 0 there).
    /// </summary>
    internal static (int Index, float Weight) Coordinate(int i, double scale, int sourceLength)
    {
        float f = (float)(((i + 0.5) * scale) - 0.5);
        int i0 = (int)MathF.Floor(f);
        f -= i0;
        if (i0 < 0)
        {
            i0 = 0;
            f = 0;
        }

        if (i0 >= sourceLength - 1)
        {
            i0 = sourceLength - 1;
            f = 0;
        }

        return (i0, f);
    }
}
