using System.Numerics;
using System.Runtime.CompilerServices;

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

    // T.800 Table C.2 (Qe, NMPS, NLPS, SWITCH), indexed by context byte (state << 1 | MPS): the probability estimate,
    // the context byte after an MPS and after an LPS (with the MPS switched where SWITCH says so).
    private static ReadOnlySpan<ushort> QeOf =>
    [
        0x5601, 0x5601, 0x3401, 0x3401, 0x1801, 0x1801, 0x0AC1, 0x0AC1, 0x0521, 0x0521, 0x0221, 0x0221,
        0x5601, 0x5601, 0x5401, 0x5401, 0x4801, 0x4801, 0x3801, 0x3801, 0x3001, 0x3001, 0x2401, 0x2401,
        0x1C01, 0x1C01, 0x1601, 0x1601, 0x5601, 0x5601, 0x5401, 0x5401, 0x5101, 0x5101, 0x4801, 0x4801,
        0x3801, 0x3801, 0x3401, 0x3401, 0x3001, 0x3001, 0x2801, 0x2801, 0x2401, 0x2401, 0x2201, 0x2201,
        0x1C01, 0x1C01, 0x1801, 0x1801, 0x1601, 0x1601, 0x1401, 0x1401, 0x1201, 0x1201, 0x1101, 0x1101,
        0x0AC1, 0x0AC1, 0x09C1, 0x09C1, 0x08A1, 0x08A1, 0x0521, 0x0521, 0x0441, 0x0441, 0x02A1, 0x02A1,
        0x0221, 0x0221, 0x0141, 0x0141, 0x0111, 0x0111, 0x0085, 0x0085, 0x0049, 0x0049, 0x0025, 0x0025,
        0x0015, 0x0015, 0x0009, 0x0009, 0x0005, 0x0005, 0x0001, 0x0001, 0x5601, 0x5601,
    ];

    private static ReadOnlySpan<byte> AfterMps =>
    [
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 76, 77, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
        26, 27, 58, 59, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
        50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73,
        74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 90, 91, 92, 93,
    ];

    private static ReadOnlySpan<byte> AfterLps =>
    [
        3, 2, 12, 13, 18, 19, 24, 25, 58, 59, 66, 67, 13, 12, 28, 29, 28, 29, 28, 29, 34, 35, 36, 37,
        40, 41, 42, 43, 29, 28, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,
        68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 92, 93,
    ];

    private byte[] _data;
    private int _position;
    private int _end;
    private uint _c;
    private uint _a;
    private int _ct;

    /// <summary>
    /// T.800 Table D.7: every context starts in state 0 with MPS 0, except UNIFORM (46), RL (3) and the
    /// all-insignificant-neighbours significance context 0 (4). A context is one byte: state &lt;&lt; 1 | MPS.
    /// </summary>
    public static void ResetContexts(Span<byte> contexts)
    {
        contexts.Clear();
        contexts[UniformContext] = 46 << 1;
        contexts[RunLengthContext] = 3 << 1;
        contexts[0] = 4 << 1;
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

    /// <summary>C.3.2 DECODE: one binary decision in context <paramref name="cx"/> of <paramref name="contexts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(byte[] contexts, int cx)
    {
        int context = contexts[cx];
        uint qe = QeOf[context];
        int mps = context & 1;
        _a -= qe;
        if ((_c >> 16) < qe)
        {
            // C.3.2 LPS_EXCHANGE: the conditional exchange makes the smaller interval the LPS.
            int d;
            if (_a < qe)
            {
                d = mps;
                contexts[cx] = AfterMps[context];
            }
            else
            {
                d = 1 - mps;
                contexts[cx] = AfterLps[context];
            }
            _a = qe;
            Renormalize();
            return d;
        }

        _c -= qe << 16;
        if ((_a & 0x8000) != 0)
        {
            return mps;
        }

        // C.3.2 MPS_EXCHANGE
        int decision;
        if (_a < qe)
        {
            decision = 1 - mps;
            contexts[cx] = AfterLps[context];
        }
        else
        {
            decision = mps;
            contexts[cx] = AfterMps[context];
        }
        Renormalize();
        return decision;
    }

    // C.3.3 RENORMD, all shifts of A at once; C takes its shifts between the byte inputs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Renormalize()
    {
        int shifts = BitOperations.LeadingZeroCount(_a) - 16;
        _a <<= shifts;
        while (shifts > 0)
        {
            if (_ct == 0)
            {
                ByteIn();
            }
            int step = Math.Min(shifts, _ct);
            _c <<= step;
            _ct -= step;
            shifts -= step;
        }
    }
}
