using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// JPEG Lossless, Non-Hierarchical (Process 14) decoding: transfer syntaxes 1.2.840.10008.1.2.4.70 (selection value 1)
/// and 1.2.840.10008.1.2.4.57 (any selection value), PS3.5 8.2.1 and A.4.1. One encoded frame is one JPEG interchange
/// format image (ITU-T T.81 Annex B): SOI, tables and a SOF3 frame header, one or more scans (SOS and entropy-coded
/// data, optionally in restart intervals), EOI. Huffman-coded differences are added to the predictions of Annex H.
/// Frames come out as native little-endian frames laid out as the given <see cref="PixelDataInfo"/> says (Planar
/// Configuration 0 or 1; Bits Allocated 8 or 16), decoded straight into the caller's buffer.
/// </summary>
public static class JpegLosslessCodec
{
    /// <summary>JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]).</summary>
    public const string SelectionValue1TransferSyntaxUid = "1.2.840.10008.1.2.4.70";

    /// <summary>JPEG Lossless, Non-Hierarchical (Process 14), any selection value.</summary>
    public const string TransferSyntaxUid = "1.2.840.10008.1.2.4.57";

    private const int MaxTables = 4;

    /// <summary>True for the two JPEG Lossless Process 14 transfer syntaxes.</summary>
    public static bool IsJpegLossless(string transferSyntaxUid) =>
        transferSyntaxUid is SelectionValue1TransferSyntaxUid or TransferSyntaxUid;

    /// <summary>
    /// Decodes one JPEG Lossless frame (the fragments of one frame, concatenated) into <paramref name="destination"/>
    /// (<see cref="PixelDataInfo.FrameLength"/> bytes).
    /// </summary>
    /// <param name="encoded">The encoded frame, from SOI to EOI; bytes after EOI (fragment padding) are ignored.</param>
    /// <param name="info">Layout of the decoded frame; the JPEG frame header must agree with it.</param>
    /// <param name="destination">Receives the native frame.</param>
    /// <param name="frame">Frame number, for error messages only.</param>
    /// <exception cref="DicomPixelDataException">The JPEG data is malformed, truncated, of another JPEG process, or
    /// disagrees with <paramref name="info"/>.</exception>
    public static void DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, Span<byte> destination, int frame = 0)
    {
        int length = info.FrameLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {length}", nameof(destination));
        }

        if (info.BitsAllocated is not (8 or 16) || info.IsHorizontallySubsampled)
        {
            throw Malformed(frame, $"decoding supports Bits Allocated (0028,0100) 8 and 16 with full-size components, not {info.BitsAllocated} bits with {info.PhotometricInterpretation}");
        }

        if (encoded.Length < 2 || encoded[0] != 0xFF || encoded[1] != 0xD8)
        {
            throw Malformed(frame, "the data does not start with the SOI marker X'FFD8' (T.81 B.2.1)");
        }

        var tables = new JpegHuffmanTable?[MaxTables];
        var decoded = new bool[info.SamplesPerPixel];
        JpegFrameHeader? header = null;
        int restartInterval = 0;
        int position = 2;
        while (true)
        {
            if (position >= encoded.Length)
            {
                if (header is not null && Array.TrueForAll(decoded, d => d))
                {
                    return; // every sample is decoded; only the EOI marker is missing
                }

                throw Malformed(frame, $"the data ends after {encoded.Length} bytes, before every component was decoded (truncated)");
            }

            int markerAt = position;
            int marker = ReadMarker(encoded, ref position, frame);
            if (marker == 0xD9)
            {
                if (header is null || !Array.TrueForAll(decoded, d => d))
                {
                    throw Malformed(frame, header is null
                        ? "EOI before any SOF3 frame header"
                        : $"EOI at byte {markerAt} before component {Array.IndexOf(decoded, false) + 1} was coded in a scan");
                }

                return;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                if (marker != 0x01)
                {
                    throw Malformed(frame, $"restart marker RST{marker - 0xD0} at byte {markerAt} outside entropy-coded data");
                }

                continue; // TEM has no segment
            }

            var segment = ReadSegment(encoded, ref position, marker, frame);
            switch (marker)
            {
                case 0xC3:
                    header = header is null
                        ? JpegFrameHeader.Parse(segment, info, frame)
                        : throw Malformed(frame, $"a second frame header at byte {markerAt}");
                    break;
                case 0xC4:
                    ReadHuffmanTables(segment, tables, frame);
                    break;
                case 0xDD:
                    restartInterval = segment.Length == 2
                        ? BinaryPrimitives.ReadUInt16BigEndian(segment)
                        : throw Malformed(frame, $"the DRI segment holds {segment.Length} bytes, not 2 (T.81 B.2.4.4)");
                    break;
                case 0xDA:
                    var scan = JpegLosslessScan.Parse(segment, header ?? throw Malformed(frame, "a scan (SOS) before the SOF3 frame header"), tables, decoded, frame);
                    position = scan.Decode(encoded, position, header, restartInterval, info, destination, frame);
                    break;
                case 0xDC:
                    int lines = segment.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : -1;
                    if (lines != info.Rows)
                    {
                        throw Malformed(frame, $"the DNL segment gives {lines} lines but Rows (0028,0010) is {info.Rows}");
                    }

                    break;
                case >= 0xC0 and <= 0xCF and not 0xC8 and not 0xCC:
                    throw Malformed(frame, $"the frame is coded with {DescribeProcess(marker)} (SOF{marker - 0xC0}), not the lossless Huffman process 14 (SOF3) of this transfer syntax");
                case 0xDE or 0xDF:
                    throw Malformed(frame, "hierarchical JPEG (DHP/EXP markers) is not decoded");
                default:
                    break; // APPn, COM, DQT, DAC, JPG, JPGn: nothing a lossless decoder needs (T.81 B.2.4)
            }
        }
    }

    /// <summary>Decodes one JPEG Lossless frame into a new array; see <see cref="DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/>.</summary>
    public static byte[] DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, int frame = 0)
    {
        var result = new byte[info.FrameLength];
        DecodeFrame(encoded, info, result, frame);
        return result;
    }

    internal static DicomPixelDataException Malformed(int frame, string message) => new($"JPEG Lossless frame {frame}: {message}");

    private static int ReadMarker(ReadOnlySpan<byte> data, ref int position, int frame)
    {
        if (data[position] != 0xFF)
        {
            throw Malformed(frame, $"byte {position} is X'{data[position]:X2}' where a marker was expected (T.81 B.1.1.2)");
        }

        while (position < data.Length && data[position] == 0xFF)
        {
            position++; // fill bytes
        }

        if (position >= data.Length || data[position] == 0)
        {
            throw Malformed(frame, $"no marker code after X'FF' at byte {position - 1}");
        }

        return data[position++];
    }

    private static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int position, int marker, int frame)
    {
        if (position + 2 > data.Length)
        {
            throw Malformed(frame, $"the segment of marker X'FF{marker:X2}' at byte {position - 2} is truncated");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw Malformed(frame, $"the segment of marker X'FF{marker:X2}' at byte {position - 2} declares {length} bytes but only {data.Length - position} remain (truncated)");
        }

        var segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }

    /// <summary>T.81 B.2.4.2: a DHT segment holds one or more tables, each Tc/Th, 16 counts, then the values.</summary>
    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] tables, int frame)
    {
        while (!segment.IsEmpty)
        {
            int tableClass = segment[0] >> 4, id = segment[0] & 0x0F;
            if (segment.Length < 17)
            {
                throw Malformed(frame, $"a DHT table definition holds {segment.Length} bytes, fewer than 17");
            }

            var counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (tableClass > 1 || id >= MaxTables || segment.Length < 17 + total)
            {
                throw Malformed(frame, $"the DHT table Tc={tableClass} Th={id} with {total} codes does not fit the segment or the limits of T.81 B.2.4.2");
            }

            if (tableClass == 0)
            {
                // Lossless processes code differences with the DC-class tables (T.81 H.1.2.2).
                tables[id] = JpegHuffmanTable.Create(id, counts, segment.Slice(17, total), frame);
            }

            segment = segment[(17 + total)..];
        }
    }

    private static string DescribeProcess(int marker) => (marker & 0x0F) switch
    {
        0 => "baseline DCT",
        1 => "extended sequential DCT",
        2 => "progressive DCT",
        5 or 6 or 7 => "differential (hierarchical) Huffman coding",
        _ => "arithmetic coding",
    };
}
