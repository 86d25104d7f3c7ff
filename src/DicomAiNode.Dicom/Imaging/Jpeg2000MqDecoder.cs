namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The MQ arithmetic decoder of ITU-T T.800 Annex C (C.3) over one codeword segment, with the 19 contexts of Annex D.
/// Bytes past the end of the segment read as 0xFF, which C.3.4 BYTEIN turns into an endless supply of 1-bits: a
/// truncated segment therefore decodes to garbage coefficients but never reads out of bounds and never loops.
/// </summary>
internal struct Jpeg2000MqDecoder
{
    public const int ContextCount = 19;
    public const int UniformContext = 18;
    public const int RunLengthContext = 17;

    // T.800 Table C.2: Qe, NMPS, NLPS and SWITCH for the 47 states.
    private static ReadOnlySpan<ushort> Qe =>
    [
        0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001, 0x2401, 0x1C01, 0x1601,
        0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401, 0x2201, 0x1C01, 0x1801, 0x1601, 0x1401,
        0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1, 0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025,
        0x0015, 0x0009, 0x0005, 0x0001, 0x5601,
    ];

    private static ReadOnlySpan<byte> Nmps =>
    [
        1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46,
    ];

    private static ReadOnlySpan<byte> Nlps =>
    [
        1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 24, 25, 26, 27,
        28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46,
    ];

    private static ReadOnlySpan<byte> Switch =>
    [
        1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private byte[] _data;
    private int _position;
    private int _end;
    private uint _c;
    private uint _a;
    private int _ct;

    /// <summary>T.800 Table D.7: every context starts in state 0 with MPS 0, except UNIFORM (46), RL (3) and the
    /// all-insignificant-neighbours significance context 0 (4).</summary>
    public static void ResetContexts(Span<byte> states, Span<byte> mps)
    {
        states.Clear();
        mps.Clear();
        states[UniformContext] = 46;
        states[RunLengthContext] = 3;
        states[0] = 4;
    }

    /// <summary>C.3.5 INITDEC over <paramref name="data"/>[start, start + length).</summary>
    public void Start(byte[] data, int start, int length)
    {
        _data = data;
        _position = start;
        _end = start + length;
        _c = (uint)ByteAt(_position) << 16;
        ByteIn();
        _c <<= 7;
        _ct -= 7;
        _a = 0x8000;
    }

    private readonly uint ByteAt(int position) => position < _end ? _data[position] : 0xFFu;

    // C.3.4 BYTEIN: a 0xFF followed by a byte above 0x8F is a marker (or the end): feed 1-bits and stay put.
    private void ByteIn()
    {
        if (ByteAt(_position) == 0xFF)
        {
            uint next = ByteAt(_position + 1);
            if (next > 0x8F)
            {
                _c += 0xFF00;
                _ct = 8;
            }
            else
            {
                _position++;
                _c += next << 9;
                _ct = 7;
            }
        }
        else
        {
            _position++;
            _c += ByteAt(_position) << 8;
            _ct = 8;
        }
    }

    /// <summary>C.3.2 DECODE: one binary decision in context <paramref name="cx"/>.</summary>
    public int Decode(Span<byte> states, Span<byte> mps, int cx)
    {
        int state = states[cx];
        uint qe = Qe[state];
        int d;
        _a -= qe;
        if ((_c >> 16) < qe)
        {
            // C.3.2 LPS_EXCHANGE
            if (_a < qe)
            {
                d = mps[cx];
                states[cx] = Nmps[state];
            }
            else
            {
                d = 1 - mps[cx];
                if (Switch[state] != 0)
                {
                    mps[cx] = (byte)(1 - mps[cx]);
                }
                states[cx] = Nlps[state];
            }
            _a = qe;
            Renormalize();
        }
        else
        {
            _c -= qe << 16;
            if ((_a & 0x8000) == 0)
            {
                // C.3.2 MPS_EXCHANGE
                if (_a < qe)
                {
                    d = 1 - mps[cx];
                    if (Switch[state] != 0)
                    {
                        mps[cx] = (byte)(1 - mps[cx]);
                    }
                    states[cx] = Nlps[state];
                }
                else
                {
                    d = mps[cx];
                    states[cx] = Nmps[state];
                }
                Renormalize();
            }
            else
            {
                d = mps[cx];
            }
        }
        return d;
    }

    // C.3.3 RENORMD
    private void Renormalize()
    {
        do
        {
            if (_ct == 0)
            {
                ByteIn();
            }
            _a <<= 1;
            _c <<= 1;
            _ct--;
        }
        while ((_a & 0x8000) == 0);
    }
}
