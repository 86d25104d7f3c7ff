namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// A binary mask on a <see cref="FrameRows"/>×<see cref="FrameColumns"/> image, stored only over its bounding
/// rectangle (<see cref="Bounds"/>) as one byte per pixel (0 or 1). Pixels outside the bounds are 0.
/// </summary>
public sealed class RegionMask
{
    public RegionMask(int frameRows, int frameColumns, PixelRect bounds, byte[] data)
    {
        if (bounds.Top < 0 || bounds.Left < 0 || bounds.Bottom > frameRows || bounds.Right > frameColumns)
        {
            throw new ArgumentException($"bounds {bounds} exceed the {frameRows}×{frameColumns} frame", nameof(bounds));
        }

        if (data.Length != bounds.Height * bounds.Width)
        {
            throw new ArgumentException($"data holds {data.Length} bytes, bounds need {bounds.Height * bounds.Width}", nameof(data));
        }

        FrameRows = frameRows;
        FrameColumns = frameColumns;
        Bounds = bounds;
        Data = data;
    }

    public int FrameRows { get; }

    public int FrameColumns { get; }

    public PixelRect Bounds { get; }

    /// <summary>Row-major bytes over <see cref="Bounds"/>.</summary>
    public byte[] Data { get; }

    /// <summary>Number of set pixels.</summary>
    public int Area => Data.Length - Data.AsSpan().Count((byte)0);

    /// <summary>The pixel at frame coordinates (row, column).</summary>
    public bool this[int row, int column] =>
        row >= Bounds.Top && row < Bounds.Bottom && column >= Bounds.Left && column < Bounds.Right
        && Data[((row - Bounds.Top) * Bounds.Width) + column - Bounds.Left] != 0;

    /// <summary>The mask as a full frame (rows × columns bytes).</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[FrameRows * FrameColumns];
        for (int r = 0; r < Bounds.Height; r++)
        {
            Data.AsSpan(r * Bounds.Width, Bounds.Width).CopyTo(frame.AsSpan(((Bounds.Top + r) * FrameColumns) + Bounds.Left));
        }

        return frame;
    }

    /// <summary>
    /// Builds a tight mask from <paramref name="data"/> over <paramref name="region"/> (bytes 0/1), trimming empty
    /// rows and columns; null when no pixel is set.
    /// </summary>
    public static RegionMask? FromRegion(int frameRows, int frameColumns, PixelRect region, ReadOnlySpan<byte> data)
    {
        int w = region.Width;
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (int r = 0; r < region.Height; r++)
        {
            var row = data.Slice(r * w, w);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0)
            {
                continue;
            }

            int last = row.LastIndexOfAnyExcept((byte)0);
            top = Math.Min(top, r);
            bottom = r;
            left = Math.Min(left, first);
            right = Math.Max(right, last);
        }

        if (bottom < 0)
        {
            return null;
        }

        var tight = new PixelRect(region.Top + top, region.Left + left, region.Top + bottom + 1, region.Left + right + 1);
        var bytes = new byte[tight.Height * tight.Width];
        for (int r = 0; r < tight.Height; r++)
        {
            data.Slice(((top + r) * w) + left, tight.Width).CopyTo(bytes.AsSpan(r * tight.Width));
        }

        return new RegionMask(frameRows, frameColumns, tight, bytes);
    }
}
