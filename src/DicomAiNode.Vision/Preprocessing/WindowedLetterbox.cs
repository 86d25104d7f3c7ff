using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// The letterbox of one slice with its windows applied on the fly: each source row is read once, windowed for every
/// channel and interpolated horizontally (AVX2 gathers of the two neighbours), then blended vertically into each
/// channel, without a windowed copy of the slice. Every output value is computed with the same float operations in
/// the same order as <see cref="WindowPreset.Apply"/> over the whole slice followed by <see cref="BilinearResize"/>
/// (OpenCV INTER_LINEAR order: horizontal, cached per source row, then vertical), so the result is bit-identical
/// to that reference path (pinned by the tests).
/// </summary>
internal static class WindowedLetterbox
{
    /// <summary>
    /// Fills one channel per window (1 to 3, each of width above 1) of <paramref name="destination"/> (planes of
    /// height·width) with the windowed, letterboxed and /255-scaled slice, padding included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a fresh node runs a study once: no time for tier-0 code to warm up
    public static void Fill(ReadOnlySpan<float> source, int h0, int w0, ReadOnlySpan<(float Scale, float Offset)> windows,
        LetterboxGeometry g, Span<float> destination, int height, int width)
    {
        const float inv = 1f / 255f;
        int plane = height * width;
        int n = windows.Length;
        int dh = g.ResizedHeight, dw = g.ResizedWidth;
        if (dh == h0 && dw == w0)
        {
            for (int c = 0; c < n; c++)
            {
                var inner = destination.Slice(c * plane, plane)[((g.Top * width) + g.Left)..];
                for (int y = 0; y < h0; y++)
                {
                    WindowRow(source.Slice(y * w0, w0), windows[c], inv, inner.Slice(y * width, w0));
                }
            }
        }
        else
        {
            Resize(source, h0, w0, windows, g, destination, plane, width, inv);
        }

        for (int c = 0; c < n; c++)
        {
            g.PadOutside(destination.Slice(c * plane, plane), width, SlicePreprocessor.PadValue * inv);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Resize(ReadOnlySpan<float> source, int sh, int sw, ReadOnlySpan<(float Scale, float Offset)> windows,
        LetterboxGeometry g, Span<float> destination, int plane, int width, float scale)
    {
        int dh = g.ResizedHeight, dw = g.ResizedWidth, n = windows.Length;
        var index = ArrayPool<int>.Shared.Rent(2 * dw);
        var weight = ArrayPool<float>.Shared.Rent(dw);
        var rows = ArrayPool<float>.Shared.Rent(2 * n * dw);
        try
        {
            var x0 = index.AsSpan(0, dw);
            var x1 = index.AsSpan(dw, dw);
            var xw = weight.AsSpan(0, dw);
            BilinearResize.Coordinates((double)sw / dw, sw, x0, xw);
            for (int x = 0; x < dw; x++)
            {
                x1[x] = x0[x] < sw - 1 ? x0[x] + 1 : sw - 1;
            }

            // Two cached horizontally interpolated source rows, each holding all channels (n·dw floats), with
            // BilinearResize.Resize's row coordinates and caching, operation for operation.
            var pair = new BilinearRowPair(rows.AsSpan(0, n * dw), rows.AsSpan(n * dw, n * dw), sh, dh);
            for (int y = 0; y < dh; y++)
            {
                var (fillUpper, fillLower) = pair.MoveTo(y);
                if (fillUpper) Horizontal(source.Slice(pair.UpperRow * sw, sw), x0, x1, xw, windows, pair.Upper);
                if (fillLower) Horizontal(source.Slice(pair.LowerRow * sw, sw), x0, x1, xw, windows, pair.Lower);
                int offset = ((g.Top + y) * width) + g.Left;
                float fy = pair.Weight;
                for (int c = 0; c < n; c++)
                {
                    Vertical(pair.Upper.Slice(c * dw, dw), (1f - fy) * scale, pair.Lower.Slice(c * dw, dw), fy * scale, destination.Slice((c * plane) + offset, dw));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(index);
            ArrayPool<float>.Shared.Return(weight);
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>One source row windowed per channel and interpolated to dw columns: channel c at c·dw of <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Horizontal(ReadOnlySpan<float> row, ReadOnlySpan<int> x0, ReadOnlySpan<int> x1, ReadOnlySpan<float> xw,
        ReadOnlySpan<(float Scale, float Offset)> windows, Span<float> dst)
    {
        int dw = x0.Length, x = 0;
        if (Avx2.IsSupported)
        {
            var one = Vector256.Create(1f);
            var max = Vector256.Create(255f);
            fixed (float* r = row)
            fixed (int* i0 = x0)
            fixed (int* i1 = x1)
            fixed (float* w = xw)
            fixed (float* d = dst)
            {
                for (; x <= dw - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    var a = Avx2.GatherVector256(r, Vector256.Load(i0 + x), 4);
                    var b = Avx2.GatherVector256(r, Vector256.Load(i1 + x), 4);
                    var fx = Vector256.Load(w + x);
                    var gx = one - fx;
                    for (int c = 0; c < windows.Length; c++)
                    {
                        var s = Vector256.Create(windows[c].Scale);
                        var o = Vector256.Create(windows[c].Offset);
                        // WindowPreset.Apply's vector body: min(max(x·s + o, 0), 255).
                        var wa = Vector256.Min(Vector256.Max((a * s) + o, Vector256<float>.Zero), max);
                        var wb = Vector256.Min(Vector256.Max((b * s) + o, Vector256<float>.Zero), max);
                        ((gx * wa) + (fx * wb)).Store(d + (c * dw) + x);
                    }
                }
            }
        }

        for (; x < dw; x++)
        {
            float a = row[x0[x]], b = row[x1[x]], fx = xw[x];
            for (int c = 0; c < windows.Length; c++)
            {
                var (s, o) = windows[c];
                dst[(c * dw) + x] = ((1f - fx) * Window(a, s, o)) + (fx * Window(b, s, o));
            }
        }
    }

    /// <summary>
    /// <c>dst = (a·ka) + (b·kb)</c> in one pass: BilinearResize's TensorPrimitives.Multiply then MultiplyAdd, which
    /// round after each multiplication and the addition (no fused multiply-add).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vertical(ReadOnlySpan<float> a, float ka, ReadOnlySpan<float> b, float kb, Span<float> dst)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(ka);
            var vb = Vector256.Create(kb);
            for (; x <= dst.Length - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                ((Vector256.Create(b[x..]) * vb) + (Vector256.Create(a[x..]) * va)).CopyTo(dst[x..]);
            }
        }

        for (; x < dst.Length; x++)
        {
            dst[x] = (b[x] * kb) + (a[x] * ka);
        }
    }

    /// <summary>One row of a slice that needs no resizing: windowed, then scaled by <paramref name="scale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WindowRow(ReadOnlySpan<float> row, (float Scale, float Offset) window, float scale, Span<float> dst)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(window.Scale);
            var o = Vector256.Create(window.Offset);
            var max = Vector256.Create(255f);
            var k = Vector256.Create(scale);
            for (; x <= row.Length - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var v = Vector256.Min(Vector256.Max((Vector256.Create(row[x..]) * s) + o, Vector256<float>.Zero), max);
                (v * k).CopyTo(dst[x..]);
            }
        }

        for (; x < row.Length; x++)
        {
            dst[x] = Window(row[x], window.Scale, window.Offset) * scale;
        }
    }

    /// <summary>WindowPreset.Apply's scalar tail.</summary>
    private static float Window(float x, float scale, float offset) => Math.Clamp((x * scale) + offset, 0f, 255f);
}
