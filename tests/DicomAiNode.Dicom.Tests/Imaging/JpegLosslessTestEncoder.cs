namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>How <see cref="JpegLosslessTestEncoder"/> lays out a JPEG Lossless image.</summary>
/// <param name="Predictor">Selection value 1–7 (T.81 Table H.1).</param>
/// <param name="PointTransform">Pt: samples are shifted right by it before coding.</param>
/// <param name="RestartInterval">MCUs per restart interval (a multiple of the width), 0 for none.</param>
/// <param name="SeparateScans">One non-interleaved scan per component instead of one interleaved scan.</param>
/// <param name="LinesInDnl">Y = 0 in the frame header and a DNL segment after the first scan.</param>
/// <param name="Extras">APP0, COM and DQT segments and fill bytes before markers, which a decoder must skip.</param>
/// <param name="DeepTable">Component 0 uses table 0, with codes of 2 to 16 bits (longer than any look-up); components
/// 1–3 use tables 1–3, with 5-bit codes; without it every component uses table 1.</param>
/// <param name="OptimizedTable">Every component uses one table built from the image's category counts, as real encoders
/// do (T.81 K.2); overrides <paramref name="DeepTable"/>.</param>
internal sealed record JpegLosslessOptions(
    int Predictor = 1,
    int PointTransform = 0,
    int RestartInterval = 0,
    bool SeparateScans = false,
    bool LinesInDnl = false,
    bool Extras = false,
    bool DeepTable = false,
    bool OptimizedTable = false);

/// <summary>
/// A plain JPEG Lossless (T.81 Annex H, Huffman) encoder written from the standard for tests: it produces the layouts
/// dcmcjpeg does not (restart intervals, non-interleaved scans, DNL, fill bytes, long Huffman codes, SSSS = 16) so that
/// the decoder meets them. Fixed Huffman tables; not fast.
/// </summary>
internal static class JpegLosslessTestEncoder
{
    // Table 0 ("deep"): three 2-bit codes, then one code of each length 3–16 (the all-ones code stays unused, C.2).
    private static readonly byte[] DeepCounts = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

    // Table 1 ("flat"): the 17 categories as 5-bit codes; codes 17–31 are unused, so corrupt data meets holes.
    private static readonly byte[] FlatCounts = [0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// Encodes <paramref name="samples"/> (<paramref name="height"/> lines of <paramref name="width"/> pixels of
    /// <paramref name="components"/> samples each, colour-by-pixel, values below 2^precision).
    /// </summary>
    public static byte[] Encode(int[] samples, int width, int height, int components, int precision, JpegLosslessOptions options)
    {
        var output = new List<byte>();
        void Marker(int code)
        {
            if (options.Extras)
            {
                output.Add(0xFF); // B.1.1.2: fill byte
            }

            output.Add(0xFF);
            output.Add((byte)code);
        }

        void Segment(int code, params byte[] body)
        {
            Marker(code);
            output.Add((byte)((body.Length + 2) >> 8));
            output.Add((byte)(body.Length + 2));
            output.AddRange(body);
        }

        output.AddRange([0xFF, 0xD8]); // SOI comes first, without fill bytes
        if (options.Extras)
        {
            Segment(0xE0, "JFIF\0"u8.ToArray().Concat(new byte[] { 1, 2, 0, 0, 1, 0, 1, 0, 0 }).ToArray());
            Segment(0xFE, "made by the test encoder"u8.ToArray());
            Segment(0xDB, [.. new byte[] { 0 }, .. Enumerable.Repeat((byte)1, 64)]);
        }

        var frame = new List<byte> { (byte)precision, (byte)(options.LinesInDnl ? 0 : height >> 8), (byte)(options.LinesInDnl ? 0 : height), (byte)(width >> 8), (byte)width, (byte)components };
        for (int c = 0; c < components; c++)
        {
            frame.AddRange([(byte)(c + 1), 0x11, 0]);
        }

        Segment(0xC3, [.. frame]);
        byte[] categories = [.. Enumerable.Range(0, 17).Select(v => (byte)v)];
        (byte[] Counts, byte[] Values) deep = (DeepCounts, categories), flat = (FlatCounts, categories);
        if (options.OptimizedTable)
        {
            var frequencies = new long[17];
            for (int c = 0; c < components; c++)
            {
                EncodeScan(samples, width, height, components, precision, [c], options, (difference, _) => frequencies[Category(difference)]++, _ => { });
            }

            deep = flat = OptimalTable(frequencies);
        }

        // Four tables in one DHT segment (T.81 B.2.4.2): 0 deep, 1–3 flat (the same codes under three identifiers).
        Segment(0xC4, [0x00, .. deep.Counts, .. deep.Values, 0x01, .. flat.Counts, .. flat.Values, 0x02, .. flat.Counts, .. flat.Values, 0x03, .. flat.Counts, .. flat.Values]);
        var codes = new[] { Codes(deep), Codes(flat), Codes(flat), Codes(flat) };
        if (options.RestartInterval > 0)
        {
            Segment(0xDD, (byte)(options.RestartInterval >> 8), (byte)options.RestartInterval);
        }

        int[][] scans = options.SeparateScans
            ? Enumerable.Range(0, components).Select(c => new[] { c }).ToArray()
            : [Enumerable.Range(0, components).ToArray()];
        for (int s = 0; s < scans.Length; s++)
        {
            var header = new List<byte> { (byte)scans[s].Length };
            foreach (int c in scans[s])
            {
                header.AddRange([(byte)(c + 1), (byte)(TableOf(c, options) << 4)]);
            }

            header.AddRange([(byte)options.Predictor, 0, (byte)options.PointTransform]);
            Segment(0xDA, [.. header]);
            var bits = new BitWriter(output);
            EncodeScan(
                samples, width, height, components, precision, scans[s], options,
                (difference, c) => WriteDifference(bits, difference, codes[TableOf(c, options)]),
                code =>
                {
                    bits.Flush();
                    Marker(code);
                });
            bits.Flush();
            if (s == 0 && options.LinesInDnl)
            {
                Segment(0xDC, (byte)(height >> 8), (byte)height);
            }
        }

        Marker(0xD9);
        return [.. output];
    }

    /// <summary>With <see cref="JpegLosslessOptions.DeepTable"/>, component c uses table c (0–3); else every component table 1.</summary>
    private static int TableOf(int component, JpegLosslessOptions options) => options.DeepTable && !options.OptimizedTable ? Math.Min(component, 3) : 1;

    /// <summary>Walks a scan as H.1.2.1 predicts it, handing each difference (−32768 … 32767) and restart marker on.</summary>
    private static void EncodeScan(
        int[] samples, int width, int height, int components, int precision, int[] scan, JpegLosslessOptions options,
        Action<int, int> difference, Action<int> restart)
    {
        int pt = options.PointTransform;
        int linesPerInterval = options.RestartInterval == 0 ? height : options.RestartInterval / width;
        int Sample(int x, int y, int c) => samples[(((y * width) + x) * components) + c] >> pt;
        for (int y = 0; y < height; y++)
        {
            bool first = y % linesPerInterval == 0;
            if (first && y > 0)
            {
                restart(0xD0 + (((y / linesPerInterval) - 1) % 8));
            }

            for (int x = 0; x < width; x++)
            {
                foreach (int c in scan)
                {
                    int prediction;
                    if (x == 0)
                    {
                        prediction = first ? 1 << (precision - pt - 1) : Sample(0, y - 1, c);
                    }
                    else if (first)
                    {
                        prediction = Sample(x - 1, y, c);
                    }
                    else
                    {
                        int ra = Sample(x - 1, y, c), rb = Sample(x, y - 1, c), rc = Sample(x - 1, y - 1, c);
                        prediction = options.Predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }

                    int value = (Sample(x, y, c) - prediction) & 0xFFFF;
                    difference(value >= 32768 ? value - 65536 : value, c);
                }
            }
        }
    }

    private static int Category(int difference) =>
        difference == -32768 ? 16 : difference == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(difference));

    /// <summary>C.2: code lengths in order, each length's codes consecutive; returns (code, length) per category.</summary>
    private static (int Code, int Length)[] Codes((byte[] Counts, byte[] Values) table)
    {
        var codes = new (int Code, int Length)[17];
        int code = 0, index = 0;
        for (int length = 1; length <= 16; length++, code <<= 1)
        {
            for (int i = 0; i < table.Counts[length - 1]; i++)
            {
                codes[table.Values[index++]] = (code++, length);
            }
        }

        return codes;
    }

    /// <summary>
    /// Huffman code lengths for the categories that occur, plus a reserved symbol so that no code is all ones (the idea
    /// of K.2); with at most 18 symbols no code exceeds 17 bits, and a 17-bit result falls back to the deep table.
    /// </summary>
    private static (byte[] Counts, byte[] Values) OptimalTable(long[] frequencies)
    {
        var used = Enumerable.Range(0, 17).Where(v => frequencies[v] > 0).ToList();
        var queue = new PriorityQueue<List<int>, long>();
        var lengths = new int[18];
        foreach (int v in used)
        {
            queue.Enqueue([v], frequencies[v]);
        }

        queue.Enqueue([17], 0); // the reserved symbol: least frequent, so it takes the all-ones code
        while (queue.Count > 1)
        {
            queue.TryDequeue(out var a, out long fa);
            queue.TryDequeue(out var b, out long fb);
            foreach (int v in a!.Concat(b!))
            {
                lengths[v]++;
            }

            queue.Enqueue([.. a!, .. b!], fa + fb);
        }

        if (lengths.Max() > 16 || used.Count == 0)
        {
            return (DeepCounts, [.. Enumerable.Range(0, 17).Select(v => (byte)v)]);
        }

        var counts = new byte[16];
        var ordered = used.OrderBy(v => lengths[v]).ThenBy(v => v).ToArray();
        foreach (int v in ordered)
        {
            counts[lengths[v] - 1]++;
        }

        return (counts, [.. ordered.Select(v => (byte)v)]);
    }

    /// <summary>H.1.2.2 / F.1.2.1: category SSSS by the table's code, then SSSS low bits (of DIFF − 1 when negative).</summary>
    private static void WriteDifference(BitWriter bits, int difference, (int Code, int Length)[] codes)
    {
        int category = Category(difference);
        bits.Write(codes[category].Code, codes[category].Length);
        if (category is > 0 and < 16)
        {
            bits.Write((difference < 0 ? difference - 1 : difference) & ((1 << category) - 1), category);
        }
    }

    private sealed class BitWriter(List<byte> output)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        /// <summary>F.1.2.3: pad the last byte with 1-bits.</summary>
        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            output.Add((byte)_buffer);
            if (_buffer == 0xFF)
            {
                output.Add(0); // B.1.1.5: byte stuffing
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
