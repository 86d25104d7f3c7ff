namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The coding style of one tile-component (T.800 A.6.1 COD / A.6.2 COC): decomposition levels, code-block size and
/// style, wavelet, precinct sizes; plus the progression order, layers, SOP/EPH use and multiple component transform
/// that only COD carries.
/// </summary>
internal sealed record Jpeg2000CodingStyle
{
    // Table A.19: code-block style bits.
    public const int SelectiveBypass = 0x01;
    public const int ResetContexts = 0x02;
    public const int TerminateEachPass = 0x04;
    public const int VerticallyCausal = 0x08;
    public const int PredictableTermination = 0x10;
    public const int SegmentationSymbols = 0x20;

    public int DecompositionLevels { get; init; }
    public int CodeBlockWidthExponent { get; init; }
    public int CodeBlockHeightExponent { get; init; }
    public int CodeBlockStyle { get; init; }

    /// <summary>True for the 5-3 reversible filter, false for the 9-7 irreversible one (Table A.20).</summary>
    public bool Reversible { get; init; }

    /// <summary>PPx and PPy per resolution level; 15 when the default (maximal) precincts are used.</summary>
    public byte[] PrecinctWidthExponents { get; init; } = [];

    public byte[] PrecinctHeightExponents { get; init; } = [];

    public int ProgressionOrder { get; init; }
    public int Layers { get; init; }
    public bool MultipleComponentTransform { get; init; }
    public bool StartOfPacketMarkers { get; init; }
    public bool EndOfPacketHeaderMarkers { get; init; }

    /// <summary>Reads SPcod/SPcoc (Table A.15) from <paramref name="data"/>, which starts at the number of decomposition levels.</summary>
    public static Jpeg2000CodingStyle ReadComponentPart(ReadOnlySpan<byte> data, bool precinctsDefined, Jpeg2000CodingStyle template)
    {
        if (data.Length < 5)
        {
            throw new DicomPixelDataException("COD/COC marker segment is too short");
        }

        int levels = data[0];
        int xcb = (data[1] & 0x0F) + 2;
        int ycb = (data[2] & 0x0F) + 2;
        int style = data[3];
        int transform = data[4];
        if (levels > 32)
        {
            throw new DicomPixelDataException($"COD/COC gives {levels} decomposition levels, at most 32 are allowed");
        }
        if (xcb > 10 || ycb > 10 || xcb + ycb > 12)
        {
            throw new DicomPixelDataException($"COD/COC gives code-blocks of 2^{xcb} x 2^{ycb}, larger than A.6.1 allows");
        }
        if (transform > 1)
        {
            throw new DicomCodecNotSupportedException($"JPEG 2000 wavelet transformation {transform} (Part 2 arbitrary filters) is not supported");
        }
        if ((style & 0xC0) != 0)
        {
            throw new DicomCodecNotSupportedException($"JPEG 2000 code-block style 0x{style:X2} (HTJ2K or Part 2 mode) is not supported");
        }

        var ppx = new byte[levels + 1];
        var ppy = new byte[levels + 1];
        for (int r = 0; r <= levels; r++)
        {
            if (precinctsDefined)
            {
                if (data.Length < 6 + r)
                {
                    throw new DicomPixelDataException("COD/COC marker segment ends inside its precinct sizes");
                }
                ppx[r] = (byte)(data[5 + r] & 0x0F);
                ppy[r] = (byte)(data[5 + r] >> 4);
                if (r > 0 && (ppx[r] == 0 || ppy[r] == 0))
                {
                    throw new DicomPixelDataException($"COD/COC gives precinct exponent 0 at resolution level {r}, which A.6.1 allows only at level 0");
                }
            }
            else
            {
                ppx[r] = 15;
                ppy[r] = 15;
            }
        }

        return template with
        {
            DecompositionLevels = levels,
            CodeBlockWidthExponent = xcb,
            CodeBlockHeightExponent = ycb,
            CodeBlockStyle = style,
            Reversible = transform == 1,
            PrecinctWidthExponents = ppx,
            PrecinctHeightExponents = ppy,
        };
    }

    /// <summary>Reads a whole COD marker segment body (after Lcod).</summary>
    public static Jpeg2000CodingStyle ReadCod(ReadOnlySpan<byte> body)
    {
        if (body.Length < 10)
        {
            throw new DicomPixelDataException("COD marker segment is too short");
        }

        int scod = body[0];
        int progression = body[1];
        int layers = (body[2] << 8) | body[3];
        int mct = body[4];
        if (progression > 4)
        {
            throw new DicomPixelDataException($"COD gives progression order {progression}, Table A.16 defines 0 to 4");
        }
        if (layers == 0)
        {
            throw new DicomPixelDataException("COD gives 0 quality layers");
        }
        if (mct > 1)
        {
            throw new DicomCodecNotSupportedException($"JPEG 2000 multiple component transformation {mct} (Part 2) is not supported");
        }

        var template = new Jpeg2000CodingStyle
        {
            ProgressionOrder = progression,
            Layers = layers,
            MultipleComponentTransform = mct == 1,
            StartOfPacketMarkers = (scod & 0x02) != 0,
            EndOfPacketHeaderMarkers = (scod & 0x04) != 0,
        };
        return ReadComponentPart(body[5..], (scod & 0x01) != 0, template);
    }
}
