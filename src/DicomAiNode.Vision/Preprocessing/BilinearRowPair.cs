namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// The two horizontally interpolated source rows that bilinear resampling blends for each output row, in OpenCV's
/// INTER_LINEAR order: consecutive output rows mostly share their source rows, so a row is interpolated once and
/// kept (the lower row of one output row becomes the upper row of a later one by swapping the buffers).
/// <see cref="MoveTo"/> says which of the two the caller must fill for the next output row.
/// </summary>
internal ref struct BilinearRowPair
{
    private readonly double _scale;
    private readonly int _sourceHeight;
    private int _cachedUpper;
    private int _cachedLower;

    /// <param name="first">A buffer for one interpolated row (all its channels).</param>
    /// <param name="second">A second buffer of the same length.</param>
    public BilinearRowPair(Span<float> first, Span<float> second, int sourceHeight, int destinationHeight)
    {
        Upper = first;
        Lower = second;
        _sourceHeight = sourceHeight;
        _scale = (double)sourceHeight / destinationHeight;
        _cachedUpper = -1;
        _cachedLower = -1;
    }

    /// <summary>The interpolated source row above (or at) the output row: weight <c>1 − <see cref="Weight"/></c>.</summary>
    public Span<float> Upper { get; private set; }

    /// <summary>The interpolated source row below it (the last row again at the bottom edge): weight <see cref="Weight"/>.</summary>
    public Span<float> Lower { get; private set; }

    /// <summary>The source row <see cref="Upper"/> must hold.</summary>
    public int UpperRow { get; private set; }

    /// <summary>The source row <see cref="Lower"/> must hold.</summary>
    public int LowerRow { get; private set; }

    /// <summary>The vertical weight of <see cref="Lower"/>.</summary>
    public float Weight { get; private set; }

    /// <summary>
    /// Positions the pair on output row <paramref name="y"/> (coordinates as <see cref="BilinearResize.Coordinate"/>)
    /// and says which rows the caller has to interpolate into <see cref="Upper"/> and <see cref="Lower"/>, upper first.
    /// </summary>
    public (bool FillUpper, bool FillLower) MoveTo(int y)
    {
        var (y0, fy) = BilinearResize.Coordinate(y, _scale, _sourceHeight);
        int y1 = Math.Min(y0 + 1, _sourceHeight - 1);
        (UpperRow, LowerRow, Weight) = (y0, y1, fy);
        bool fillUpper = false, fillLower = false;
        if (_cachedUpper != y0)
        {
            if (_cachedLower == y0)
            {
                var upper = Upper;
                Upper = Lower;
                Lower = upper;
                _cachedLower = _cachedUpper;
            }
            else
            {
                fillUpper = true;
            }

            _cachedUpper = y0;
        }

        if (_cachedLower != y1)
        {
            fillLower = true;
            _cachedLower = y1;
        }

        return (fillUpper, fillLower);
    }
}
