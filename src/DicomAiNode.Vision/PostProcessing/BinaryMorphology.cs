using System.Buffers;
using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// 2D binary morphology on <see cref="RegionMask"/>s: closing with a (2r+1)² square (separable: a running max/min
/// along rows then columns) and hole filling (background not 4-connected to the border becomes foreground).
/// Work buffers are pooled and cover the mask's bounds plus a margin, not the whole frame.
/// </summary>
public static class BinaryMorphology
{
    /// <summary>Dilation then erosion by a (2r+1)×(2r+1) square; the result is clipped to the frame. r = 0 returns the mask.</summary>
    public static RegionMask? Close(RegionMask mask, int radius)
    {
        if (radius <= 0)
        {
            return mask;
        }

        // A 2r margin keeps the erosion free of border effects: the dilated mask reaches r beyond the bounds.
        var area = mask.Bounds.Inflate(2 * radius);
        int h = area.Height, w = area.Width;
        var a = ArrayPool<byte>.Shared.Rent(h * w);
        var b = ArrayPool<byte>.Shared.Rent(h * w);
        try
        {
            var buf = a.AsSpan(0, h * w);
            var tmp = b.AsSpan(0, h * w);
            Blit(mask, area, buf);
            Sweep(buf, tmp, h, w, radius, dilate: true);
            Sweep(buf, tmp, h, w, radius, dilate: false);
            var frame = new PixelRect(0, 0, mask.FrameRows, mask.FrameColumns);
            var clipped = area.Intersect(frame);
            return Extract(buf, area, clipped, mask.FrameRows, mask.FrameColumns);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    /// <summary>Sets every background pixel that is not 4-connected to the outside of the mask's bounds.</summary>
    public static RegionMask FillHoles(RegionMask mask)
    {
        var area = mask.Bounds.Inflate(1);
        int h = area.Height, w = area.Width;
        var a = ArrayPool<byte>.Shared.Rent(h * w);
        var stackBuffer = ArrayPool<int>.Shared.Rent(h * w);
        try
        {
            var buf = a.AsSpan(0, h * w);
            Blit(mask, area, buf);
            // Flood the background from the (empty) margin: 2 marks outside background.
            int sp = 0;
            buf[0] = 2;
            stackBuffer[sp++] = 0;
            while (sp > 0)
            {
                int p = stackBuffer[--sp];
                int y = p / w, x = p % w;
                if (x > 0 && buf[p - 1] == 0) { buf[p - 1] = 2; stackBuffer[sp++] = p - 1; }
                if (x < w - 1 && buf[p + 1] == 0) { buf[p + 1] = 2; stackBuffer[sp++] = p + 1; }
                if (y > 0 && buf[p - w] == 0) { buf[p - w] = 2; stackBuffer[sp++] = p - w; }
                if (y < h - 1 && buf[p + w] == 0) { buf[p + w] = 2; stackBuffer[sp++] = p + w; }
            }

            var inner = mask.Bounds;
            var data = new byte[inner.Height * inner.Width];
            for (int r = 0; r < inner.Height; r++)
            {
                var src = buf.Slice(((r + 1) * w) + 1, inner.Width);
                for (int c = 0; c < src.Length; c++)
                {
                    data[(r * inner.Width) + c] = src[c] == 2 ? (byte)0 : (byte)1;
                }
            }

            return new RegionMask(mask.FrameRows, mask.FrameColumns, inner, data);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<int>.Shared.Return(stackBuffer);
        }
    }

    /// <summary>Copies the mask into a zeroed buffer covering <paramref name="area"/> (which contains the bounds).</summary>
    internal static void Blit(RegionMask mask, PixelRect area, Span<byte> buffer)
    {
        buffer.Clear();
        var b = mask.Bounds;
        for (int r = 0; r < b.Height; r++)
        {
            mask.Data.AsSpan(r * b.Width, b.Width).CopyTo(buffer[(((b.Top - area.Top + r) * area.Width) + b.Left - area.Left)..]);
        }
    }

    private static RegionMask? Extract(ReadOnlySpan<byte> buffer, PixelRect area, PixelRect clipped, int frameRows, int frameColumns)
    {
        if (clipped.IsEmpty)
        {
            return null;
        }

        var tmp = ArrayPool<byte>.Shared.Rent(clipped.Height * clipped.Width);
        try
        {
            for (int r = 0; r < clipped.Height; r++)
            {
                buffer.Slice(((clipped.Top - area.Top + r) * area.Width) + clipped.Left - area.Left, clipped.Width)
                    .CopyTo(tmp.AsSpan(r * clipped.Width));
            }

            return RegionMask.FromRegion(frameRows, frameColumns, clipped, tmp.AsSpan(0, clipped.Height * clipped.Width));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }

    /// <summary>Square max (dilate) or min (erode) filter, rows then columns, in place through <paramref name="tmp"/>.</summary>
    private static void Sweep(Span<byte> buf, Span<byte> tmp, int h, int w, int r, bool dilate)
    {
        // Outside the buffer counts as background for dilation and foreground for erosion (no border erosion).
        byte outside = dilate ? (byte)0 : (byte)1;
        for (int y = 0; y < h; y++)
        {
            var src = buf.Slice(y * w, w);
            var dst = tmp.Slice(y * w, w);
            for (int x = 0; x < w; x++)
            {
                dst[x] = Window(src, x - r, x + r, outside, dilate);
            }
        }

        var colBuffer = ArrayPool<byte>.Shared.Rent(h);
        try
        {
            var column = colBuffer.AsSpan(0, h);
            for (int x = 0; x < w; x++)
            {
                for (int y = 0; y < h; y++)
                {
                    column[y] = tmp[(y * w) + x];
                }

                for (int y = 0; y < h; y++)
                {
                    buf[(y * w) + x] = Window(column, y - r, y + r, outside, dilate);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(colBuffer);
        }
    }

    private static byte Window(ReadOnlySpan<byte> line, int from, int to, byte outside, bool dilate)
    {
        if (from < 0 || to >= line.Length)
        {
            if (dilate ? outside != 0 : outside == 0)
            {
                return outside;
            }

            from = Math.Max(from, 0);
            to = Math.Min(to, line.Length - 1);
        }

        var span = line[from..(to + 1)];
        return dilate ? (span.IndexOfAnyExcept((byte)0) >= 0 ? (byte)1 : (byte)0) : (span.IndexOf((byte)0) >= 0 ? (byte)0 : (byte)1);
    }
}
