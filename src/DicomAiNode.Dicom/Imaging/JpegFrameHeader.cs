using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The frame header of a lossless JPEG image (SOF3, ITU-T T.81 B.2.2): sample precision P, number of lines Y (0 when a
/// DNL segment gives it), samples per line X, and the component identifiers in frame order.
/// </summary>
internal sealed class JpegFrameHeader
{
    private JpegFrameHeader(int precision, int lines, int samplesPerLine, byte[] componentIds)
    {
        Precision = precision;
        Lines = lines;
        SamplesPerLine = samplesPerLine;
        ComponentIds = componentIds;
    }

    public int Precision { get; }

    public int Lines { get; }

    public int SamplesPerLine { get; }

    public byte[] ComponentIds { get; }

    /// <summary>Index of component <paramref name="id"/> in the frame, -1 when the frame has no such component.</summary>
    public int IndexOf(byte id) => Array.IndexOf(ComponentIds, id);

    /// <summary>Parses the body of a SOF3 segment (after its length) and checks it against the data set's layout.</summary>
    public static JpegFrameHeader Parse(ReadOnlySpan<byte> segment, PixelDataInfo info, int frame)
    {
        if (segment.Length < 6)
        {
            throw JpegLosslessCodec.Malformed(frame, $"the SOF3 frame header holds {segment.Length} bytes, fewer than 6 (T.81 B.2.2)");
        }

        int precision = segment[0];
        int lines = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int samplesPerLine = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int components = segment[5];
        if (segment.Length != 6 + (3 * components))
        {
            throw JpegLosslessCodec.Malformed(frame, $"the SOF3 frame header declares {components} components but holds {segment.Length} bytes (T.81 B.2.2)");
        }

        if (precision is < 2 or > 16)
        {
            throw JpegLosslessCodec.Malformed(frame, $"sample precision {precision} lies outside 2–16 (T.81 Table B.2)");
        }

        if (precision > info.BitsAllocated)
        {
            throw JpegLosslessCodec.Malformed(frame, $"sample precision {precision} does not fit Bits Allocated (0028,0100) = {info.BitsAllocated} (Bits Stored {info.BitsStored})");
        }

        if (samplesPerLine != info.Columns || (lines != info.Rows && lines != 0))
        {
            throw JpegLosslessCodec.Malformed(frame, $"the JPEG image is {samplesPerLine}×{lines} but Columns (0028,0011) × Rows (0028,0010) is {info.Columns}×{info.Rows}");
        }

        if (components != info.SamplesPerPixel)
        {
            throw JpegLosslessCodec.Malformed(frame, $"the JPEG image has {components} component(s) but Samples per Pixel (0028,0002) is {info.SamplesPerPixel}");
        }

        var ids = new byte[components];
        for (int i = 0; i < components; i++)
        {
            var component = segment.Slice(6 + (3 * i), 3);
            ids[i] = component[0];
            int horizontal = component[1] >> 4, vertical = component[1] & 0x0F;
            if (Array.IndexOf(ids, component[0], 0, i) >= 0)
            {
                throw JpegLosslessCodec.Malformed(frame, $"component identifier {component[0]} appears twice in the frame header");
            }

            // With one component the sampling factors describe nothing; with several, only full-size components are decoded.
            if (horizontal is < 1 or > 4 || vertical is < 1 or > 4 || (components > 1 && (horizontal != 1 || vertical != 1)))
            {
                throw JpegLosslessCodec.Malformed(frame, $"component {component[0]} has sampling factors {horizontal}×{vertical}; only 1×1 is supported for colour");
            }
        }

        return new JpegFrameHeader(precision, lines, samplesPerLine, ids);
    }
}
