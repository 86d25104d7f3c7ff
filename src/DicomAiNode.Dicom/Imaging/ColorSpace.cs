namespace DicomAiNode.Dicom.Imaging;

/// <summary>Colour conversions of PS3.3 C.7.6.3.1.2 on colour-by-pixel 8-bit samples.</summary>
public static class ColorSpace
{
    /// <summary>
    /// Converts YBR_FULL triplets to RGB in place with the inverse of the equations of PS3.3 C.7.6.3.1.2
    /// (Y = .2990R + .5870G + .1140B, Cb = -.1687R - .3313G + .5000B + 128, Cr = .5000R - .4187G - .0813B + 128).
    /// </summary>
    public static void YbrFullToRgb(Span<byte> interleaved)
    {
        for (int i = 0; i + 2 < interleaved.Length; i += 3)
        {
            double y = interleaved[i];
            double cb = interleaved[i + 1] - 128.0;
            double cr = interleaved[i + 2] - 128.0;
            interleaved[i] = Clamp(y + (1.402 * cr));
            interleaved[i + 1] = Clamp(y - (0.344136 * cb) - (0.714136 * cr));
            interleaved[i + 2] = Clamp(y + (1.772 * cb));
        }
    }

    /// <summary>Converts RGB triplets to YBR_FULL in place (the forward equations of PS3.3 C.7.6.3.1.2).</summary>
    public static void RgbToYbrFull(Span<byte> interleaved)
    {
        for (int i = 0; i + 2 < interleaved.Length; i += 3)
        {
            double r = interleaved[i], g = interleaved[i + 1], b = interleaved[i + 2];
            interleaved[i] = Clamp((0.2990 * r) + (0.5870 * g) + (0.1140 * b));
            interleaved[i + 1] = Clamp((-0.1687 * r) - (0.3313 * g) + (0.5000 * b) + 128);
            interleaved[i + 2] = Clamp((0.5000 * r) - (0.4187 * g) - (0.0813 * b) + 128);
        }
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
