namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// Where a h0×w0 slice lands in the H×W model input (Ultralytics <c>LetterBox</c>, contract §5.1), and the inverse
/// mapping of <c>scale_boxes</c> (§5.4). All arithmetic in IEEE double in the reference's order; rounding is
/// half-to-even like Python's <c>round</c>.
/// </summary>
public readonly record struct LetterboxGeometry
{
    private LetterboxGeometry(int sourceHeight, int sourceWidth, int targetHeight, int targetWidth, double gain,
        int resizedHeight, int resizedWidth, int top, int bottom, int left, int right)
    {
        SourceHeight = sourceHeight;
        SourceWidth = sourceWidth;
        TargetHeight = targetHeight;
        TargetWidth = targetWidth;
        Gain = gain;
        ResizedHeight = resizedHeight;
        ResizedWidth = resizedWidth;
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    public int SourceHeight { get; }

    public int SourceWidth { get; }

    public int TargetHeight { get; }

    public int TargetWidth { get; }

    /// <summary>r = min(H/h0, W/w0).</summary>
    public double Gain { get; }

    public int ResizedHeight { get; }

    public int ResizedWidth { get; }

    /// <summary>Rows of padding above the image: round(dh − 0.1).</summary>
    public int Top { get; }

    public int Bottom { get; }

    public int Left { get; }

    public int Right { get; }

    /// <summary>
    /// x offset subtracted by <c>scale_boxes</c>: round((W − w0·gain)/2 − 0.1), from the unrounded size, so it can
    /// differ from <see cref="Left"/> by one pixel.
    /// </summary>
    public int BoxPadX => (int)Math.Round(((TargetWidth - (SourceWidth * Gain)) / 2) - 0.1);

    /// <summary>y offset of <c>scale_boxes</c>: round((H − h0·gain)/2 − 0.1) (106 for 335×500 into 640, where <see cref="Top"/> is 105).</summary>
    public int BoxPadY => (int)Math.Round(((TargetHeight - (SourceHeight * Gain)) / 2) - 0.1);

    /// <summary>Letterbox of a <paramref name="h0"/>×<paramref name="w0"/> image into <paramref name="h"/>×<paramref name="w"/> (auto=False, scaleup=True, centred).</summary>
    public static LetterboxGeometry Compute(int h0, int w0, int h, int w, bool scaleUp = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(w0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(w);
        double r = Math.Min((double)h / h0, (double)w / w0);
        if (!scaleUp)
        {
            r = Math.Min(r, 1.0);
        }

        int newW = (int)Math.Round(w0 * r);
        int newH = (int)Math.Round(h0 * r);
        double dw = (w - newW) / 2.0;
        double dh = (h - newH) / 2.0;
        int top = (int)Math.Round(dh - 0.1);
        int bottom = (int)Math.Round(dh + 0.1);
        int left = (int)Math.Round(dw - 0.1);
        int right = (int)Math.Round(dw + 0.1);
        return new LetterboxGeometry(h0, w0, h, w, r, newH, newW, top, bottom, left, right);
    }

    /// <summary>
    /// <c>scale_boxes</c>: an xyxy box in letterboxed input pixels to slice pixels: subtract the pads, divide by the
    /// gain, clamp x to [0, w0] and y to [0, h0].
    /// </summary>
    public (float X1, float Y1, float X2, float Y2) ToSource(float x1, float y1, float x2, float y2)
    {
        double px = BoxPadX, py = BoxPadY, g = Gain;
        return (
            (float)Math.Clamp((x1 - px) / g, 0, SourceWidth),
            (float)Math.Clamp((y1 - py) / g, 0, SourceHeight),
            (float)Math.Clamp((x2 - px) / g, 0, SourceWidth),
            (float)Math.Clamp((y2 - py) / g, 0, SourceHeight));
    }

    /// <summary>Fills the letterbox border of one channel plane (row stride <paramref name="width"/>) with <paramref name="value"/>.</summary>
    public void PadOutside(Span<float> channel, int width, float value)
    {
        int bottomStart = Top + ResizedHeight;
        channel[..(Top * width)].Fill(value);
        channel[(bottomStart * width)..].Fill(value);
        int rightStart = Left + ResizedWidth;
        for (int y = Top; y < bottomStart; y++)
        {
            var row = channel.Slice(y * width, width);
            row[..Left].Fill(value);
            row[rightStart..].Fill(value);
        }
    }
}
