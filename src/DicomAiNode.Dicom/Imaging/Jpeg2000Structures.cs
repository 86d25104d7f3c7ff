namespace DicomAiNode.Dicom.Imaging;

/// <summary>One code-block (T.800 B.7): its place in the sub-band and what the packets delivered for it so far.</summary>
internal sealed class Jpeg2000CodeBlock
{
    public int X0, Y0, X1, Y1;
    public bool Included;
    public int ZeroBitplanes;
    public int LengthBits = 3;
    public int Passes;
    public byte[] Data = [];
    public int Length;

    /// <summary>Codeword segments (D.4.1): passes and bytes of each, in order.</summary>
    public readonly List<(int Passes, int Length)> Segments = [];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > Data.Length)
        {
            Array.Resize(ref Data, Math.Max(Length + bytes.Length + 2, Data.Length * 2));
        }
        bytes.CopyTo(Data.AsSpan(Length));
        Length += bytes.Length;
    }
}

/// <summary>One sub-band of one resolution level of a tile-component (T.800 B.5) and where it sits in the coefficients.</summary>
internal sealed class Jpeg2000Band
{
    public const int LL = 0, HL = 1, LH = 2, HH = 3;

    public int Orientation;
    public int X0, Y0, X1, Y1;

    /// <summary>Where the band's (X0, Y0) is in the tile-component's coefficient array.</summary>
    public int OffsetX, OffsetY;

    /// <summary>Mb of E.1.1.1: guard bits + exponent - 1.</summary>
    public int MagnitudeBitplanes;

    /// <summary>Δb of E.1.1.1 (irreversible filter only).</summary>
    public float StepSize;
}

/// <summary>The code-blocks of one precinct in one sub-band, with its inclusion and zero-bitplane tag trees (B.10.2).</summary>
internal sealed class Jpeg2000PrecinctBand(Jpeg2000CodeBlock[] blocks, int width, int height)
{
    public Jpeg2000CodeBlock[] Blocks { get; } = blocks;
    public Jpeg2000TagTree Inclusion { get; } = new(width, height);
    public Jpeg2000TagTree ZeroBitplanes { get; } = new(width, height);
}

/// <summary>One resolution level of a tile-component (B.5/B.6).</summary>
internal sealed class Jpeg2000Resolution
{
    public int Level;
    public int X0, Y0, X1, Y1;
    public int PrecinctExponentX, PrecinctExponentY;
    public int PrecinctsWide, PrecinctsHigh;
    public Jpeg2000Band[] Bands = [];

    /// <summary>[precinct][band].</summary>
    public Jpeg2000PrecinctBand[][] Precincts = [];
}
