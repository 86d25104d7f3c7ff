using System.Runtime.CompilerServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Coefficient bit modelling (T.800 Annex D): the significance propagation, magnitude refinement and cleanup passes of
/// one code-block, over MQ-coded or (selective arithmetic coding bypass, D.6) raw codeword segments. Coefficients come
/// out as twice their reconstructed magnitude with sign (E.1.1.2 with r = 1/2: the value's interval midpoint, which is
/// the exact integer when every bitplane was decoded). One decoder is reused for all code-blocks of a frame.
/// </summary>
internal sealed class Jpeg2000CodeBlockDecoder
{
    // Flags per coefficient: significance of the 8 neighbours, signs of the 4 direct neighbours, own state.
    private const int NW = 1, N = 2, NE = 4, W = 8, E = 16, SW = 32, S = 64, SE = 128;
    private const int NNeg = 256, SNeg = 512, WNeg = 1024, ENeg = 2048;
    private const int Sig = 4096, Visited = 8192, Refined = 16384, Neg = 32768;
    private const int SouthMask = SW | S | SE | SNeg;

    private static readonly byte[] SignificanceContexts = BuildSignificanceContexts();
    private static readonly byte[] SignContexts = BuildSignContexts();

    private readonly byte[] _contexts = new byte[Jpeg2000MqDecoder.ContextCount];
    private int[] _flags = [];
    private int _stride;
    private int _width, _height;
    private int _orientation;
    private bool _causal;
    private Jpeg2000MqDecoder _mq;
    private int _rawPosition, _rawEnd, _rawBuffer, _rawBits;
    private byte[] _data = [];

    /// <summary>
    /// Decodes <paramref name="block"/> into <paramref name="coefficients"/> (row stride <paramref name="stride"/>),
    /// which must be zero on entry.
    /// </summary>
    public void Decode(Jpeg2000CodeBlock block, int orientation, int magnitudeBitplanes, int style, Span<int> coefficients, int stride)
    {
        _width = block.X1 - block.X0;
        _height = block.Y1 - block.Y0;
        if (block.Passes == 0 || _width == 0 || _height == 0)
        {
            return;
        }
        int top = magnitudeBitplanes - 1 - block.ZeroBitplanes;
        int lastPlane = top - ((block.Passes + 1) / 3);
        if (top < 0 || lastPlane < 0)
        {
            throw new DicomPixelDataException(
                $"a code-block has {block.Passes} coding passes and {block.ZeroBitplanes} missing bitplanes, more than its sub-band's {magnitudeBitplanes} bitplanes");
        }
        if (top > 29)
        {
            throw new DicomCodecNotSupportedException($"JPEG 2000 code-blocks of {top + 1} bitplanes are not supported (at most 30)");
        }

        _stride = _width + 2;
        int size = _stride * (_height + 2);
        if (_flags.Length < size)
        {
            _flags = new int[size];
        }
        _flags.AsSpan(0, size).Clear();
        _orientation = orientation;
        _causal = (style & Jpeg2000CodingStyle.VerticallyCausal) != 0;
        _data = block.Data;
        Jpeg2000MqDecoder.ResetContexts(_contexts);

        bool bypass = (style & Jpeg2000CodingStyle.SelectiveBypass) != 0;
        bool reset = (style & Jpeg2000CodingStyle.ResetContexts) != 0;
        bool segmentationSymbols = (style & Jpeg2000CodingStyle.SegmentationSymbols) != 0;
        int segment = 0, segmentPassesLeft = 0, segmentStart = 0, pass = 0;
        while (pass < block.Passes)
        {
            bool raw = bypass && pass >= 10 && pass % 3 != 0;
            if (segmentPassesLeft == 0)
            {
                if (segment >= block.Segments.Count)
                {
                    throw new DicomPixelDataException("a code-block's coding passes outnumber its codeword segments");
                }
                var (passes, length) = block.Segments[segment];
                if (raw)
                {
                    _rawPosition = segmentStart;
                    _rawEnd = segmentStart + length;
                    _rawBits = 0;
                    _rawBuffer = 0;
                }
                else
                {
                    _mq.Start(_data, segmentStart, length);
                }
                segmentStart += length;
                segmentPassesLeft = passes;
                segment++;
            }

            int plane = top - ((pass + 2) / 3);
            switch (pass % 3)
            {
                case 0:
                    Cleanup(coefficients, stride, plane);
                    if (segmentationSymbols)
                    {
                        // D.5: four UNIFORM decisions (1010) after each cleanup pass; a mismatch only flags an error.
                        for (int i = 0; i < 4; i++)
                        {
                            _mq.Decode(_contexts, Jpeg2000MqDecoder.UniformContext);
                        }
                    }
                    break;
                case 1:
                    SignificancePropagation(coefficients, stride, plane, raw);
                    break;
                default:
                    Refinement(coefficients, stride, plane, raw);
                    break;
            }
            if (reset)
            {
                Jpeg2000MqDecoder.ResetContexts(_contexts);
            }
            segmentPassesLeft--;
            pass++;
        }

        // Signs
        for (int y = 0; y < _height; y++)
        {
            var row = coefficients.Slice(y * stride, _width);
            int f = ((y + 1) * _stride) + 1;
            for (int x = 0; x < _width; x++)
            {
                if ((_flags[f + x] & Neg) != 0)
                {
                    row[x] = -row[x];
                }
            }
        }
    }

    private int NeighbourFlags(int f, int y)
    {
        int flags = _flags[f];
        // D.7 vertically causal context formation: the stripe below counts as insignificant.
        return (y & 3) == 3 && _causal ? flags & ~SouthMask : flags;
    }

    private void SignificancePropagation(Span<int> coefficients, int stride, int plane, bool raw)
    {
        var mq = _mq;
        byte[] contexts = _contexts;
        int one = 3 << plane;
        for (int y0 = 0; y0 < _height; y0 += 4)
        {
            int y1 = Math.Min(y0 + 4, _height);
            for (int x = 0; x < _width; x++)
            {
                for (int y = y0; y < y1; y++)
                {
                    int f = ((y + 1) * _stride) + x + 1;
                    int flags = NeighbourFlags(f, y);
                    if ((flags & Sig) != 0 || (flags & 0xFF) == 0)
                    {
                        continue;
                    }
                    int bit = raw ? RawBit() : mq.Decode(contexts, SignificanceContexts[(_orientation << 8) | (flags & 0xFF)]);
                    if (bit != 0)
                    {
                        coefficients[(y * stride) + x] = one;
                        BecomeSignificant(f, raw ? RawBit() : DecodeSign(ref mq, flags));
                    }
                    _flags[f] |= Visited;
                }
            }
        }
        _mq = mq;
    }

    private void Refinement(Span<int> coefficients, int stride, int plane, bool raw)
    {
        var mq = _mq;
        byte[] contexts = _contexts;
        int half = 1 << plane;
        for (int y0 = 0; y0 < _height; y0 += 4)
        {
            int y1 = Math.Min(y0 + 4, _height);
            for (int x = 0; x < _width; x++)
            {
                for (int y = y0; y < y1; y++)
                {
                    int f = ((y + 1) * _stride) + x + 1;
                    int flags = _flags[f];
                    if ((flags & (Sig | Visited)) != Sig)
                    {
                        continue;
                    }
                    int bit;
                    if (raw)
                    {
                        bit = RawBit();
                    }
                    else
                    {
                        // Table D.4: first refinement with/without significant neighbours, then context 16.
                        int context = (flags & Refined) != 0 ? 16 : (NeighbourFlags(f, y) & 0xFF) != 0 ? 15 : 14;
                        bit = mq.Decode(contexts, context);
                    }
                    coefficients[(y * stride) + x] += bit != 0 ? half : -half;
                    _flags[f] |= Refined;
                }
            }
        }
        _mq = mq;
    }

    private void Cleanup(Span<int> coefficients, int stride, int plane)
    {
        var mq = _mq;
        byte[] contexts = _contexts;
        int one = 3 << plane;
        for (int y0 = 0; y0 < _height; y0 += 4)
        {
            int y1 = Math.Min(y0 + 4, _height);
            for (int x = 0; x < _width; x++)
            {
                int y = y0;
                int fTop = ((y0 + 1) * _stride) + x + 1;
                if (y1 - y0 == 4 &&
                    ((NeighbourFlags(fTop, y0) | NeighbourFlags(fTop + _stride, y0 + 1) | NeighbourFlags(fTop + (2 * _stride), y0 + 2) |
                      NeighbourFlags(fTop + (3 * _stride), y0 + 3)) & (0xFF | Sig | Visited)) == 0)
                {
                    // D.3.4 run-length coding: one decision for the whole column, then the position of the first 1.
                    if (mq.Decode(contexts, Jpeg2000MqDecoder.RunLengthContext) == 0)
                    {
                        continue;
                    }
                    int run = mq.Decode(contexts, Jpeg2000MqDecoder.UniformContext) << 1;
                    run |= mq.Decode(contexts, Jpeg2000MqDecoder.UniformContext);
                    y = y0 + run;
                    int f = ((y + 1) * _stride) + x + 1;
                    coefficients[(y * stride) + x] = one;
                    BecomeSignificant(f, DecodeSign(ref mq, NeighbourFlags(f, y)));
                    y++;
                }

                for (; y < y1; y++)
                {
                    int f = ((y + 1) * _stride) + x + 1;
                    int flags = NeighbourFlags(f, y);
                    if ((flags & (Sig | Visited)) == 0)
                    {
                        if (mq.Decode(contexts, SignificanceContexts[(_orientation << 8) | (flags & 0xFF)]) != 0)
                        {
                            coefficients[(y * stride) + x] = one;
                            BecomeSignificant(f, DecodeSign(ref mq, flags));
                        }
                    }
                    _flags[f] &= ~Visited;
                }
            }
        }
        _mq = mq;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DecodeSign(ref Jpeg2000MqDecoder mq, int flags)
    {
        int entry = SignContexts[((flags >> 8) & 0xF) | SignSignificanceIndex(flags)];
        return mq.Decode(_contexts, entry >> 1) ^ (entry & 1);
    }

    // Index bits 4-7 of the sign table: significance of N, S, W, E.
    private static int SignSignificanceIndex(int flags) =>
        ((flags & N) != 0 ? 16 : 0) | ((flags & S) != 0 ? 32 : 0) | ((flags & W) != 0 ? 64 : 0) | ((flags & E) != 0 ? 128 : 0);

    private void BecomeSignificant(int f, int negative)
    {
        int[] flags = _flags;
        flags[f] |= Sig | (negative != 0 ? Neg : 0);
        flags[f - 1] |= E | (negative != 0 ? ENeg : 0);
        flags[f + 1] |= W | (negative != 0 ? WNeg : 0);
        int up = f - _stride, down = f + _stride;
        flags[up - 1] |= SE;
        flags[up] |= S | (negative != 0 ? SNeg : 0);
        flags[up + 1] |= SW;
        flags[down - 1] |= NE;
        flags[down] |= N | (negative != 0 ? NNeg : 0);
        flags[down + 1] |= NW;
    }

    private int RawBit()
    {
        // D.6: raw bits, most significant first; after 0xFF a stuffed 0 bit. Past the segment's end, 1-bits.
        if (_rawBits == 0)
        {
            bool afterFF = _rawBuffer == 0xFF;
            _rawBuffer = _rawPosition < _rawEnd ? _data[_rawPosition] : 0xFF;
            _rawPosition++;
            _rawBits = afterFF ? 7 : 8;
        }
        _rawBits--;
        return (_rawBuffer >> _rawBits) & 1;
    }

    // Table D.1: contexts 0-8 from the significant horizontal (h), vertical (v) and diagonal (d) neighbours.
    private static byte[] BuildSignificanceContexts()
    {
        var table = new byte[4 * 256];
        for (int orientation = 0; orientation < 4; orientation++)
        {
            for (int bits = 0; bits < 256; bits++)
            {
                int h = ((bits & W) != 0 ? 1 : 0) + ((bits & E) != 0 ? 1 : 0);
                int v = ((bits & N) != 0 ? 1 : 0) + ((bits & S) != 0 ? 1 : 0);
                int d = ((bits & NW) != 0 ? 1 : 0) + ((bits & NE) != 0 ? 1 : 0) + ((bits & SW) != 0 ? 1 : 0) + ((bits & SE) != 0 ? 1 : 0);
                if (orientation == Jpeg2000Band.HL)
                {
                    (h, v) = (v, h);
                }
                int context;
                if (orientation == Jpeg2000Band.HH)
                {
                    int hv = h + v;
                    context = d >= 3 ? 8 : d == 2 ? (hv >= 1 ? 7 : 6) : d == 1 ? (hv >= 2 ? 5 : hv == 1 ? 4 : 3) : (hv >= 2 ? 2 : hv);
                }
                else
                {
                    context = h == 2 ? 8 : h == 1 ? (v >= 1 ? 7 : d >= 1 ? 6 : 5) : v == 2 ? 4 : v == 1 ? 3 : d >= 2 ? 2 : d;
                }
                table[(orientation << 8) | bits] = (byte)context;
            }
        }
        return table;
    }

    // Tables D.2 and D.3: index = signs of N, S, W, E (bits 0-3) and their significance (bits 4-7);
    // entry = context (9-13) << 1 | XOR bit.
    private static byte[] BuildSignContexts()
    {
        var table = new byte[256];
        for (int index = 0; index < 256; index++)
        {
            int Contribution(int sigBit, int negBit) => (index & sigBit) == 0 ? 0 : (index & negBit) != 0 ? -1 : 1;
            int v = Math.Clamp(Contribution(16, 1) + Contribution(32, 2), -1, 1);
            int h = Math.Clamp(Contribution(64, 4) + Contribution(128, 8), -1, 1);
            int context, xor = 0;
            if (h == 0)
            {
                context = v == 0 ? 9 : 10;
                xor = v < 0 ? 1 : 0;
            }
            else
            {
                context = v == 0 ? 12 : (v == h ? 13 : 11);
                xor = h < 0 ? 1 : 0;
            }
            table[index] = (byte)((context << 1) | xor);
        }
        return table;
    }
}
