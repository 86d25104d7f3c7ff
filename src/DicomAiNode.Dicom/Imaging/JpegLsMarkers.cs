using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>The markers of JPEG-LS (ITU-T T.87 Table C.1, with those of T.81 Table B.1 it shares) and their reading.</summary>
internal static class JpegLsMarkers
{
    public const int Sof55 = 0xF7;
    public const int Lse = 0xF8;
    public const int Rst0 = 0xD0;
    public const int Rst7 = 0xD7;
    public const int Soi = 0xD8;
    public const int Eoi = 0xD9;
    public const int Sos = 0xDA;
    public const int Dnl = 0xDC;
    public const int Dri = 0xDD;
    public const int App0 = 0xE0;
    public const int App8 = 0xE8;
    public const int App15 = 0xEF;
    public const int Com = 0xFE;

    /// <summary>
    /// Reads the marker at <paramref name="position"/>: X'FF', any number of X'FF' fill bytes (T.81 B.1.1.2), the code.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> data, ref int position)
    {
        if (position >= data.Length)
        {
            throw new DicomPixelDataException($"the data ends at offset {position} before the EOI marker (truncated)");
        }

        if (data[position] != 0xFF)
        {
            throw new DicomPixelDataException($"expected a marker at offset {position}, found byte 0x{data[position]:X2}");
        }

        while (position < data.Length && data[position] == 0xFF)
        {
            position++;
        }

        if (position >= data.Length)
        {
            throw new DicomPixelDataException("the data ends inside a marker (truncated)");
        }

        return data[position++];
    }

    /// <summary>Reads a marker segment's length (T.81 B.1.1.4) and returns its parameters, after the length.</summary>
    public static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int position, int marker)
    {
        if (position + 2 > data.Length)
        {
            throw new DicomPixelDataException($"the FF{marker:X2} segment at offset {position - 2} is truncated");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2 || position + length > data.Length)
        {
            throw new DicomPixelDataException(
                $"the FF{marker:X2} segment at offset {position - 2} declares {length} bytes, {data.Length - position} remain (truncated or corrupt)");
        }

        var segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }
}
