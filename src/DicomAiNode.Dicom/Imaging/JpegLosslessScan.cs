using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// One scan of a lossless JPEG image (ITU-T T.81 Annex H, Huffman coding): its components, Huffman tables, predictor
/// (selection value Ss) and point transform (Al), and the decoding of its entropy-coded data into a native frame.
/// Each line is decoded into a row of reconstructed values (one interleaved sample per scan component and column,
/// the MCU of H.2.1 for 1×1 sampling), then written out shifted left by the point transform.
/// </summary>
internal sealed class JpegLosslessScan
{
    private readonly int[] _components;
    private readonly JpegHuffmanTable[] _tables;
    private readonly int _predictor;
    private readonly int _pointTransform;

    private JpegLosslessScan(int[] components, JpegHuffmanTable[] tables, int predictor, int pointTransform)
    {
        _components = components;
        _tables = tables;
        _predictor = predictor;
        _pointTransform = pointTransform;
    }

    private interface IPredictor
    {
        static abstract int Predict(int ra, int rb, int rc);
    }

    /// <summary>
    /// Parses the body of an SOS segment (T.81 B.2.3) and marks its components in <paramref name="decoded"/>; each
    /// component of the frame may be coded in one scan only.
    /// </summary>
    public static JpegLosslessScan Parse(ReadOnlySpan<byte> segment, JpegFrameHeader header, JpegHuffmanTable?[] tables, bool[] decoded, int frame)
    {
        int count = segment.IsEmpty ? 0 : segment[0];
        if (count is < 1 or > 4 || segment.Length != 4 + (2 * count))
        {
            throw JpegLosslessCodec.Malformed(frame, $"the SOS scan header declares {count} component(s) in {segment.Length} bytes (T.81 B.2.3)");
        }

        var components = new int[count];
        var scanTables = new JpegHuffmanTable[count];
        for (int i = 0; i < count; i++)
        {
            byte id = segment[1 + (2 * i)];
            int index = header.IndexOf(id);
            if (index < 0 || decoded[index])
            {
                throw JpegLosslessCodec.Malformed(frame, index < 0
                    ? $"the scan names component {id}, which the frame header does not declare"
                    : $"component {id} is coded in more than one scan");
            }

            int table = segment[2 + (2 * i)] >> 4;
            scanTables[i] = (table < tables.Length ? tables[table] : null)
                ?? throw JpegLosslessCodec.Malformed(frame, $"the scan uses Huffman table {table} for component {id}, which no DHT segment defined");
            components[i] = index;
            decoded[index] = true;
        }

        int predictor = segment[1 + (2 * count)];
        int pointTransform = segment[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw JpegLosslessCodec.Malformed(frame, $"selection value {predictor} is not a lossless predictor 1–7 (T.81 Table H.1)");
        }

        if (pointTransform >= header.Precision)
        {
            throw JpegLosslessCodec.Malformed(frame, $"point transform {pointTransform} is not below the precision {header.Precision}");
        }

        return new JpegLosslessScan(components, scanTables, predictor, pointTransform);
    }

    /// <summary>
    /// Decodes the scan's entropy-coded data starting at <paramref name="position"/> (restart intervals of
    /// <paramref name="restartInterval"/> MCUs, 0 for none) into <paramref name="destination"/>, laid out as
    /// <paramref name="info"/> says; returns the position of the marker after the scan.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> data, int position, JpegFrameHeader header, int restartInterval, PixelDataInfo info, Span<byte> destination, int frame)
    {
        int width = header.SamplesPerLine;
        int lines = info.Rows;
        int rowLength = width * _components.Length;

        // T.81 H.1.1: in lossless mode a restart interval holds whole MCU-rows, so every interval starts a line.
        if (restartInterval % width != 0)
        {
            throw JpegLosslessCodec.Malformed(frame, $"restart interval {restartInterval} is not a whole number of lines of {width} MCUs (T.81 H.1.1)");
        }

        int linesPerInterval = restartInterval == 0 ? lines : restartInterval / width;
        int initial = 1 << (header.Precision - _pointTransform - 1);
        int[] rows = ArrayPool<int>.Shared.Rent(2 * rowLength);
        try
        {
            var previous = rows.AsSpan(0, rowLength);
            var current = rows.AsSpan(rowLength, rowLength);
            var reader = new JpegBitReader(data, position, frame);
            for (int line = 0; line < lines; line++)
            {
                bool first = line % linesPerInterval == 0;
                if (first && line > 0)
                {
                    int interval = (line / linesPerInterval) - 1;
                    position = reader.Finish($"restart interval {interval}");
                    position = ReadRestartMarker(data, position, interval, frame);
                    reader = new JpegBitReader(data, position, frame);
                }

                DecodeLine(ref reader, previous, current, first, initial);
                Write(current, line, info, destination);
                var swap = previous;
                previous = current;
                current = swap;
            }

            return reader.Finish("the scan");
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    private static int ReadRestartMarker(ReadOnlySpan<byte> data, int position, int interval, int frame)
    {
        int expected = 0xD0 + (interval % 8);
        int at = position;
        while (at < data.Length && data[at] == 0xFF)
        {
            at++; // B.1.1.2: fill bytes may precede a marker
        }

        if (at == position || at >= data.Length || data[at] != expected)
        {
            string found = at < data.Length && at > position ? $"marker X'FF{data[at]:X2}'" : "no marker";
            throw JpegLosslessCodec.Malformed(frame, $"restart interval {interval} ends with {found} at byte {position}; RST{interval % 8} was expected (T.81 E.2.4)");
        }

        return at + 1;
    }

    /// <summary>
    /// H.1.2.1: the first line of the scan and of each restart interval is predicted from the left (its first sample
    /// from 2^(P−Pt−1)); every other line starts from the sample above and then uses the selected predictor.
    /// Reconstruction is modulo 2^16 (H.2.2).
    /// </summary>
    private void DecodeLine(ref JpegBitReader reader, ReadOnlySpan<int> previous, Span<int> current, bool first, int initial)
    {
        var tables = _tables;
        for (int c = 0; c < tables.Length; c++)
        {
            current[c] = ((first ? initial : previous[c]) + reader.DecodeDifference(tables[c])) & 0xFFFF;
        }

        switch (first ? 1 : _predictor)
        {
            case 1: DecodeRest<Left>(ref reader, tables, previous, current); break;
            case 2: DecodeRest<Above>(ref reader, tables, previous, current); break;
            case 3: DecodeRest<AboveLeft>(ref reader, tables, previous, current); break;
            case 4: DecodeRest<Plane>(ref reader, tables, previous, current); break;
            case 5: DecodeRest<LeftPlusHalfVertical>(ref reader, tables, previous, current); break;
            case 6: DecodeRest<AbovePlusHalfHorizontal>(ref reader, tables, previous, current); break;
            default: DecodeRest<Average>(ref reader, tables, previous, current); break;
        }
    }

    private static void DecodeRest<TPredictor>(ref JpegBitReader reader, JpegHuffmanTable[] tables, ReadOnlySpan<int> previous, Span<int> current)
        where TPredictor : struct, IPredictor
    {
        int count = tables.Length;
        if (count == 1)
        {
            var table = tables[0];
            int left = current[0];
            for (int i = 1; i < current.Length; i++)
            {
                left = (TPredictor.Predict(left, previous[i], previous[i - 1]) + reader.DecodeDifference(table)) & 0xFFFF;
                current[i] = left;
            }

            return;
        }

        for (int i = count; i < current.Length; i += count)
        {
            for (int c = 0; c < count; c++)
            {
                int at = i + c;
                current[at] = (TPredictor.Predict(current[at - count], previous[at], previous[at - count]) + reader.DecodeDifference(tables[c])) & 0xFFFF;
            }
        }
    }

    /// <summary>H.2.2: the decoded values, multiplied by 2^Pt, as native little-endian samples.</summary>
    private void Write(ReadOnlySpan<int> row, int line, PixelDataInfo info, Span<byte> destination)
    {
        int width = info.Columns;
        int samples = info.SamplesPerPixel;
        int count = _components.Length;
        int shift = _pointTransform;
        for (int c = 0; c < count; c++)
        {
            int component = _components[c];
            (int first, int stride) = info.IsPlanar
                ? ((component * info.PixelsPerFrame) + (line * width), 1)
                : ((line * width * samples) + component, samples);
            if (info.BytesPerSample == 1)
            {
                for (int x = 0, at = first, from = c; x < width; x++, at += stride, from += count)
                {
                    destination[at] = (byte)(row[from] << shift);
                }

                continue;
            }

            var words = MemoryMarshal.Cast<byte, ushort>(destination);
            for (int x = 0, at = first, from = c; x < width; x++, at += stride, from += count)
            {
                var value = (ushort)(row[from] << shift);
                words[at] = BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
            }
        }
    }

    // T.81 Table H.1; the halving is an arithmetic right shift on full-precision integers (H.1.2.1).
    private readonly struct Left : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => ra;
    }

    private readonly struct Above : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => rb;
    }

    private readonly struct AboveLeft : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => rc;
    }

    private readonly struct Plane : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => ra + rb - rc;
    }

    private readonly struct LeftPlusHalfVertical : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => ra + ((rb - rc) >> 1);
    }

    private readonly struct AbovePlusHalfHorizontal : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => rb + ((ra - rc) >> 1);
    }

    private readonly struct Average : IPredictor
    {
        public static int Predict(int ra, int rb, int rc) => (ra + rb) >> 1;
    }
}
