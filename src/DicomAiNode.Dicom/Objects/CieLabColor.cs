namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// A colour as DICOM stores it in Recommended Display CIELab Value (PS3.3 C.10.7.1.1): L* 0…100 and a*, b* −128…127,
/// each scaled linearly to 0…65535; conversions use sRGB with the D65 white point (as PS3.3 C.10.7.1.1 suggests).
/// </summary>
public readonly record struct CieLabColor(ushort L, ushort A, ushort B)
{
    // D65 reference white (CIE 1931 2°).
    private const double Xn = 0.950456, Yn = 1.0, Zn = 1.088754;

    public ushort[] ToArray() => [L, A, B];

    /// <summary>The DICOM CIELab value of an sRGB colour (0–255 per channel).</summary>
    public static CieLabColor FromRgb(byte red, byte green, byte blue)
    {
        double r = Linear(red), g = Linear(green), b = Linear(blue);
        double x = ((0.4124564 * r) + (0.3575761 * g) + (0.1804375 * b)) / Xn;
        double y = ((0.2126729 * r) + (0.7151522 * g) + (0.0721750 * b)) / Yn;
        double z = ((0.0193339 * r) + (0.1191920 * g) + (0.9503041 * b)) / Zn;
        double fx = F(x), fy = F(y), fz = F(z);
        double l = (116 * fy) - 16, a = 500 * (fx - fy), bb = 200 * (fy - fz);
        return new CieLabColor(Scale(l / 100.0), Scale((a + 128) / 255.0), Scale((bb + 128) / 255.0));
    }

    /// <summary>The sRGB colour (0–255 per channel) closest to this CIELab value.</summary>
    public (byte Red, byte Green, byte Blue) ToRgb()
    {
        double l = L / 65535.0 * 100.0, a = (A / 65535.0 * 255.0) - 128, bb = (B / 65535.0 * 255.0) - 128;
        double fy = (l + 16) / 116, fx = fy + (a / 500), fz = fy - (bb / 200);
        double x = Xn * FInverse(fx), y = Yn * FInverse(fy), z = Zn * FInverse(fz);
        double r = (3.2404542 * x) - (1.5371385 * y) - (0.4985314 * z);
        double g = (-0.9692660 * x) + (1.8760108 * y) + (0.0415560 * z);
        double b = (0.0556434 * x) - (0.2040259 * y) + (1.0572252 * z);
        return (Gamma(r), Gamma(g), Gamma(b));
    }

    private static double Linear(byte c)
    {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    private static byte Gamma(double v)
    {
        v = Math.Clamp(v, 0, 1);
        v = v <= 0.0031308 ? 12.92 * v : (1.055 * Math.Pow(v, 1 / 2.4)) - 0.055;
        return (byte)Math.Round(v * 255);
    }

    private static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : ((24389.0 / 27 * t) + 16) / 116;

    private static double FInverse(double t) => t * t * t > 216.0 / 24389 ? t * t * t : ((116 * t) - 16) / (24389.0 / 27);

    private static ushort Scale(double unit) => (ushort)Math.Round(Math.Clamp(unit, 0, 1) * 65535);
}
