using System.Runtime.CompilerServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Decodes the lines of one JPEG-LS scan (ITU-T T.87 Annex A, decoding as Annex F says): context modelling, gradient
/// quantisation, median edge prediction with bias correction, limited-length Golomb codes, run mode with run
/// interruption, and NEAR &gt; 0 reconstruction; lines of one component (ILV 0 and 1) or of interleaved samples (ILV 2).
/// Line buffers hold one sample left of the line and one right of it (T.87 A.2.1 edge rules), samples at index 1..width.
/// </summary>
internal ref partial struct JpegLsScanDecoder
{
    /// <summary>T.87 A.7.1.1: the contexts of the regular mode (365) and the two run interruption contexts.</summary>
    private const int RegularContexts = 365;

    private readonly int _maxValue;
    private readonly int _near;
    private readonly int _range;
    private readonly int _qbpp;
    private readonly int _limit;
    private readonly int _reset;
    private readonly int _step;
    private readonly int _initialA;
    private readonly ReadOnlySpan<sbyte> _quantized;
    private readonly Span<JpegLsContext> _contexts;
    private JpegLsBitReader _reader;

    /// <param name="parameters">The scan's coding parameters.</param>
    /// <param name="data">The encoded frame; segments are started with <see cref="StartSegment"/>.</param>
    /// <param name="quantized">Scratch of at least 2·MAXVAL + 1 entries for the gradient quantisation table.</param>
    /// <param name="contexts">Scratch of at least <see cref="ContextCount"/> contexts.</param>
    public JpegLsScanDecoder(JpegLsParameters parameters, ReadOnlySpan<byte> data, Span<sbyte> quantized, Span<JpegLsContext> contexts)
    {
        _maxValue = parameters.MaxValue;
        _near = parameters.Near;
        _range = parameters.Range;
        _qbpp = parameters.Qbpp;
        _limit = parameters.Limit;
        _reset = parameters.Reset;
        _step = (2 * _near) + 1;
        _initialA = Math.Max(2, (_range + 32) / 64);
        _reader = new JpegLsBitReader(data);
        _contexts = contexts[..ContextCount];
        BuildQuantization(parameters, quantized);
        _quantized = quantized[..((2 * _maxValue) + 1)];
        ResetContexts();
    }

    /// <summary>The contexts a scan needs: 365 of the regular mode and the two run interruption contexts.</summary>
    public static int ContextCount => RegularContexts + 2;

    /// <summary>T.87 A.7.1: the index into the run-length table J; kept per component in line-interleaved scans.</summary>
    public int RunIndex { get; set; }

    /// <summary>Where the marker that ended the current entropy-coded segment starts.</summary>
    public readonly int SegmentEnd => _reader.SegmentEnd;

    /// <summary>True when the last segment was used up beyond its last byte.</summary>
    public readonly bool IsOverrun => _reader.IsOverrun;

    /// <summary>T.87 A.7.1.2: J, the order of the run-length segments.</summary>
    private static ReadOnlySpan<byte> J => [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    /// <summary>Starts reading an entropy-coded segment at <paramref name="start"/> (scan start or after a restart marker).</summary>
    public void StartSegment(int start) => _reader.Start(start);

    /// <summary>T.87 A.2.1 (and D.4 for restart intervals): A, B, C, N, Nn and RUNindex to their initial values.</summary>
    public void ResetContexts()
    {
        _contexts.Fill(new JpegLsContext { A = _initialA, N = 1 });
        RunIndex = 0;
    }

    /// <summary>Decodes one line of one component into <paramref name="current"/> (width + 2 entries).</summary>
    public void DecodeLine(Span<int> previous, Span<int> current)
    {
        int width = current.Length - 2;
        previous[width + 1] = previous[width]; // A.2.1: Rd of the last sample is the sample above it
        current[0] = previous[1];              // A.2.1: Ra of the first sample is the sample above it
        int x = 1;
        while (x <= width)
        {
            int ra = current[x - 1], rb = previous[x], rc = previous[x - 1], rd = previous[x + 1];
            int context = Context(rd - rb, rb - rc, rc - ra);
            if (context == 0)
            {
                x = DecodeRun(previous, current, x, width);
            }
            else
            {
                current[x] = DecodeRegular(context, ra, rb, rc);
                x++;
            }
        }
    }

    /// <summary>
    /// Decodes one line of a sample-interleaved scan (T.87 B.3) into <paramref name="current"/>:
    /// (width + 2) × <paramref name="components"/> entries, sample c of pixel x at (x + 1)·components + c.
    /// </summary>
    public void DecodeInterleavedLine(Span<int> previous, Span<int> current, int components)
    {
        int width = (current.Length / components) - 2;
        for (int c = 0; c < components; c++)
        {
            previous[((width + 1) * components) + c] = previous[(width * components) + c];
            current[c] = previous[components + c];
        }

        Span<int> contexts = stackalloc int[4];
        int x = 1;
        while (x <= width)
        {
            int i = x * components, above = i, left = i - components;
            bool run = true;
            for (int c = 0; c < components; c++)
            {
                int ra = current[left + c], rb = previous[above + c], rc = previous[left + c], rd = previous[above + components + c];
                contexts[c] = Context(rd - rb, rb - rc, rc - ra);
                run &= contexts[c] == 0;
            }

            if (run)
            {
                // B.3: run mode only when the gradients of every component are flat.
                x = DecodeInterleavedRun(previous, current, x, width, components);
                continue;
            }

            for (int c = 0; c < components; c++)
            {
                current[i + c] = DecodeRegular(contexts[c], current[left + c], previous[above + c], previous[left + c]);
            }

            x++;
        }
    }

    /// <summary>A.3.3–A.3.4: the quantised gradients as one signed context number (its sign is SIGN, A.3.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Context(int d1, int d2, int d3) =>
        (_quantized[d1 + _maxValue] * 81) + (_quantized[d2 + _maxValue] * 9) + _quantized[d3 + _maxValue];

    private int DecodeRegular(int context, int ra, int rb, int rc)
    {
        int sign = (context >> 31) | 1;
        int q = context * sign;

        // A.4.1: the median edge detector.
        int px;
        if (rc >= Math.Max(ra, rb))
        {
            px = Math.Min(ra, rb);
        }
        else if (rc <= Math.Min(ra, rb))
        {
            px = Math.Max(ra, rb);
        }
        else
        {
            px = ra + rb - rc;
        }

        // A.4.2: bias correction.
        ref var variables = ref _contexts[q];
        px += sign * variables.C;
        px = px < 0 ? 0 : px > _maxValue ? _maxValue : px;

        int n = variables.N;
        long a = variables.A;
        int k = GolombParameter(n, a);
        int mapped = DecodeGolomb(k, _limit);

        // A.5.2 inverted: even values are non-negative errors; the mapping is mirrored when the bias is negative (k = 0).
        int error = (mapped >> 1) ^ -(mapped & 1);
        int b = variables.B;
        if (_near == 0 && k == 0 && 2 * b <= -n)
        {
            error = ~error;
        }

        // A.6.1: update A, B, N; halve them every RESET occurrences.
        b += error * _step;
        a += Math.Abs(error);
        if (n == _reset)
        {
            a >>= 1;
            b >>= 1;
            n >>= 1;
        }

        n++;

        // A.6.2: bias computation.
        int c = variables.C;
        if (b <= -n)
        {
            b += n;
            if (c > -128)
            {
                c--;
            }

            if (b <= -n)
            {
                b = -n + 1;
            }
        }
        else if (b > 0)
        {
            b -= n;
            if (c < 127)
            {
                c++;
            }

            if (b > 0)
            {
                b = 0;
            }
        }

        variables.A = a;
        variables.B = b;
        variables.C = c;
        variables.N = n;
        return Reconstruct(px, error * sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GolombParameter(int n, long a)
    {
        int k = 0;
        for (long nk = n; nk < a; nk <<= 1)
        {
            k++;
        }

        return k;
    }

    /// <summary>A.5.3 decoded: the limited-length Golomb code LG(k, glimit).</summary>
    private int DecodeGolomb(int k, int glimit)
    {
        int zeros = _reader.ReadUnary();
        int escape = glimit - _qbpp - 1;
        int value;
        if (zeros < escape)
        {
            value = (zeros << k) | _reader.Read(k);
        }
        else if (zeros == escape)
        {
            value = _reader.Read(_qbpp) + 1;
        }
        else
        {
            throw new DicomPixelDataException($"code of {zeros} leading zeros exceeds the limit of {escape} (T.87 A.5.3): corrupt data");
        }

        if (value > 2 * _range)
        {
            throw new DicomPixelDataException($"mapped error {value} exceeds twice RANGE = {_range} (T.87 A.5.2): corrupt data");
        }

        return value;
    }

    /// <summary>A.4.4 and Annex F: prediction plus the de-quantised error, taken modulo RANGE·(2·NEAR + 1), clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Reconstruct(int px, int error)
    {
        int rx = px + (error * _step);
        if (rx < -_near)
        {
            rx += _range * _step;
        }
        else if (rx > _maxValue + _near)
        {
            rx -= _range * _step;
        }

        return rx < 0 ? 0 : rx > _maxValue ? _maxValue : rx;
    }

    /// <summary>A.3.3: each gradient to -4..4 by T1, T2, T3 and NEAR, tabulated for every difference -MAXVAL..MAXVAL.</summary>
    private static void BuildQuantization(JpegLsParameters p, Span<sbyte> table)
    {
        for (int d = -p.MaxValue; d <= p.MaxValue; d++)
        {
            sbyte q = d <= -p.T3 ? (sbyte)-4
                : d <= -p.T2 ? (sbyte)-3
                : d <= -p.T1 ? (sbyte)-2
                : d < -p.Near ? (sbyte)-1
                : d <= p.Near ? (sbyte)0
                : d < p.T1 ? (sbyte)1
                : d < p.T2 ? (sbyte)2
                : d < p.T3 ? (sbyte)3
                : (sbyte)4;
            table[d + p.MaxValue] = q;
        }
    }
}
