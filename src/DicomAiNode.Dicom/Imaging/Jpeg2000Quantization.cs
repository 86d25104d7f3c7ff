namespace DicomAiNode.Dicom.Imaging;

/// <summary>Quantization of one tile-component (T.800 A.6.4 QCD / A.6.5 QCC, Annex E).</summary>
internal sealed record Jpeg2000Quantization(int Style, int GuardBits, int[] Exponents, int[] Mantissas)
{
    public const int None = 0;
    public const int ScalarDerived = 1;
    public const int ScalarExpounded = 2;

    /// <summary>Reads Sqcd/Sqcc and SPqcd/SPqcc (Tables A.28 to A.30).</summary>
    public static Jpeg2000Quantization Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 1)
        {
            throw new DicomPixelDataException("QCD/QCC marker segment is too short");
        }

        int style = data[0] & 0x1F;
        int guard = data[0] >> 5;
        var values = data[1..];
        int count = style switch
        {
            None => values.Length,
            ScalarDerived => 1,
            ScalarExpounded => values.Length / 2,
            _ => throw new DicomPixelDataException($"QCD/QCC gives quantization style {style}, Table A.28 defines 0 to 2"),
        };
        if (count == 0 || (style == ScalarDerived && values.Length < 2))
        {
            throw new DicomPixelDataException("QCD/QCC marker segment holds no step sizes");
        }

        var exponents = new int[count];
        var mantissas = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (style == None)
            {
                exponents[i] = values[i] >> 3;
            }
            else
            {
                int value = (values[2 * i] << 8) | values[(2 * i) + 1];
                exponents[i] = value >> 11;
                mantissas[i] = value & 0x7FF;
            }
        }
        return new Jpeg2000Quantization(style, guard, exponents, mantissas);
    }

    /// <summary>
    /// The exponent and mantissa of sub-band <paramref name="band"/> (0 = LL, then HL, LH, HH of each level from the
    /// lowest resolution up), whose decomposition level is <paramref name="level"/>; E.1.1.1 (E-5) for derived quantization.
    /// </summary>
    public (int Exponent, int Mantissa) StepOf(int band, int level, int levels)
    {
        if (Style == ScalarDerived)
        {
            int exponent = Exponents[0] - levels + level;
            if (exponent < 0)
            {
                throw new DicomPixelDataException($"derived quantization gives a negative exponent for decomposition level {level}");
            }
            return (exponent, Mantissas[0]);
        }
        if (band >= Exponents.Length)
        {
            throw new DicomPixelDataException($"QCD/QCC gives {Exponents.Length} step sizes, sub-band {band} needs one");
        }
        return (Exponents[band], Mantissas[band]);
    }
}
