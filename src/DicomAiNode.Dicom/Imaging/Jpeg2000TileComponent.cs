namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// One tile-component (T.800 B.3-B.7): its resolution levels, sub-bands, precincts and code-blocks, and after decoding
/// its reconstructed samples (before the component transform and DC level shift).
/// </summary>
internal sealed class Jpeg2000TileComponent
{
    public Jpeg2000TileComponent(int x0, int y0, int x1, int y1, int precision, Jpeg2000CodingStyle style, Jpeg2000Quantization quantization)
    {
        X0 = x0;
        Y0 = y0;
        X1 = x1;
        Y1 = y1;
        Style = style;
        int levels = style.DecompositionLevels;
        Resolutions = new Jpeg2000Resolution[levels + 1];
        for (int r = 0; r <= levels; r++)
        {
            Resolutions[r] = BuildResolution(r, levels, precision, quantization);
        }
    }

    public int X0 { get; }
    public int Y0 { get; }
    public int X1 { get; }
    public int Y1 { get; }
    public int Width => X1 - X0;
    public int Height => Y1 - Y0;
    public Jpeg2000CodingStyle Style { get; }
    public Jpeg2000Resolution[] Resolutions { get; }

    /// <summary>Reconstructed samples (reversible filter), row stride <see cref="Width"/>.</summary>
    public int[] Integers { get; set; } = [];

    /// <summary>Reconstructed samples (irreversible filter), row stride <see cref="Width"/>.</summary>
    public float[] Floats { get; set; } = [];

    /// <summary>ceil(value / 2^shift) for any sign (B-12 and friends).</summary>
    public static int CeilShift(long value, int shift) => (int)-((-value) >> shift);

    private Jpeg2000Resolution BuildResolution(int r, int levels, int precision, Jpeg2000Quantization quantization)
    {
        int shift = levels - r;
        var resolution = new Jpeg2000Resolution
        {
            Level = r,
            X0 = CeilShift(X0, shift),
            Y0 = CeilShift(Y0, shift),
            X1 = CeilShift(X1, shift),
            Y1 = CeilShift(Y1, shift),
            PrecinctExponentX = Style.PrecinctWidthExponents[r],
            PrecinctExponentY = Style.PrecinctHeightExponents[r],
        };
        int ppx = resolution.PrecinctExponentX, ppy = resolution.PrecinctExponentY;
        if (resolution.X1 > resolution.X0 && resolution.Y1 > resolution.Y0)
        {
            resolution.PrecinctsWide = CeilShift(resolution.X1, ppx) - (resolution.X0 >> ppx);
            resolution.PrecinctsHigh = CeilShift(resolution.Y1, ppy) - (resolution.Y0 >> ppy);
        }

        // B.5: LL alone at resolution 0, then HL, LH, HH of decomposition level NL - r + 1.
        int[] orientations = r == 0 ? [Jpeg2000Band.LL] : [Jpeg2000Band.HL, Jpeg2000Band.LH, Jpeg2000Band.HH];
        int level = r == 0 ? levels : levels - r + 1;
        resolution.Bands = new Jpeg2000Band[orientations.Length];
        for (int i = 0; i < orientations.Length; i++)
        {
            int orientation = orientations[i];
            int xob = orientation is Jpeg2000Band.HL or Jpeg2000Band.HH ? 1 : 0;
            int yob = orientation is Jpeg2000Band.LH or Jpeg2000Band.HH ? 1 : 0;
            var band = new Jpeg2000Band { Orientation = orientation };
            if (r == 0)
            {
                (band.X0, band.Y0, band.X1, band.Y1) = (resolution.X0, resolution.Y0, resolution.X1, resolution.Y1);
            }
            else
            {
                // B-15
                long ox = (long)xob << (level - 1), oy = (long)yob << (level - 1);
                band.X0 = CeilShift(X0 - ox, level);
                band.Y0 = CeilShift(Y0 - oy, level);
                band.X1 = CeilShift(X1 - ox, level);
                band.Y1 = CeilShift(Y1 - oy, level);
                var lower = Resolutions[r - 1];
                band.OffsetX = xob == 1 ? lower.X1 - lower.X0 : 0;
                band.OffsetY = yob == 1 ? lower.Y1 - lower.Y0 : 0;
            }

            int bandIndex = r == 0 ? 0 : 1 + (3 * (r - 1)) + i;
            var (exponent, mantissa) = quantization.StepOf(bandIndex, level, levels);
            int gain = orientation == Jpeg2000Band.LL ? 0 : orientation == Jpeg2000Band.HH ? 2 : 1;
            band.MagnitudeBitplanes = quantization.GuardBits + exponent - 1;
            band.StepSize = (float)(Math.Pow(2, precision + gain - exponent) * (1 + (mantissa / 2048.0)));
            if (Style.Reversible && quantization.Style != Jpeg2000Quantization.None)
            {
                throw new DicomCodecNotSupportedException("JPEG 2000 scalar quantization of 5-3 reversible coefficients is not supported");
            }
            resolution.Bands[i] = band;
        }

        BuildPrecincts(resolution, r);
        return resolution;
    }

    private void BuildPrecincts(Jpeg2000Resolution resolution, int r)
    {
        int ppx = resolution.PrecinctExponentX, ppy = resolution.PrecinctExponentY;
        // B.7: code-blocks no larger than the precinct's share of the sub-band.
        int xcb = Math.Min(Style.CodeBlockWidthExponent, r == 0 ? ppx : ppx - 1);
        int ycb = Math.Min(Style.CodeBlockHeightExponent, r == 0 ? ppy : ppy - 1);
        int bandShiftX = r == 0 ? ppx : ppx - 1, bandShiftY = r == 0 ? ppy : ppy - 1;
        int count = resolution.PrecinctsWide * resolution.PrecinctsHigh;
        resolution.Precincts = new Jpeg2000PrecinctBand[count][];
        for (int k = 0; k < count; k++)
        {
            long px = (resolution.X0 >> ppx) + (k % resolution.PrecinctsWide);
            long py = (resolution.Y0 >> ppy) + (k / resolution.PrecinctsWide);
            var precinct = new Jpeg2000PrecinctBand[resolution.Bands.Length];
            for (int b = 0; b < resolution.Bands.Length; b++)
            {
                var band = resolution.Bands[b];
                int cx0 = (int)Math.Max(band.X0, px << bandShiftX), cx1 = (int)Math.Min(band.X1, (px + 1) << bandShiftX);
                int cy0 = (int)Math.Max(band.Y0, py << bandShiftY), cy1 = (int)Math.Min(band.Y1, (py + 1) << bandShiftY);
                if (cx0 >= cx1 || cy0 >= cy1)
                {
                    precinct[b] = new Jpeg2000PrecinctBand([], 0, 0);
                    continue;
                }
                int gx0 = cx0 >> xcb, gx1 = CeilShift(cx1, xcb), gy0 = cy0 >> ycb, gy1 = CeilShift(cy1, ycb);
                int wide = gx1 - gx0, high = gy1 - gy0;
                var blocks = new Jpeg2000CodeBlock[wide * high];
                for (int j = 0; j < high; j++)
                {
                    for (int i = 0; i < wide; i++)
                    {
                        blocks[(j * wide) + i] = new Jpeg2000CodeBlock
                        {
                            X0 = Math.Max(cx0, (gx0 + i) << xcb),
                            X1 = Math.Min(cx1, (gx0 + i + 1) << xcb),
                            Y0 = Math.Max(cy0, (gy0 + j) << ycb),
                            Y1 = Math.Min(cy1, (gy0 + j + 1) << ycb),
                        };
                    }
                }
                precinct[b] = new Jpeg2000PrecinctBand(blocks, wide, high);
            }
            resolution.Precincts[k] = precinct;
        }
    }
}
