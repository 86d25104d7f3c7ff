using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Frames of native (uncompressed) pixel data, PS3.5 8.1: frames follow each other without padding, samples are
/// little-endian once the value has been read (the byte order of Explicit VR Big Endian is undone by
/// <see cref="SwapToLittleEndian"/>), and single-bit frames are packed eight pixels to a byte, least significant bit first
/// (PS3.5 8.1.1 and D.2), so a frame may start in the middle of a byte.
/// </summary>
public static class NativePixelData
{
    /// <summary>
    /// Copies frame <paramref name="frame"/> out of the whole native pixel data value into
    /// <paramref name="destination"/> (at least <see cref="PixelDataInfo.FrameLength"/> bytes).
    /// </summary>
    /// <exception cref="DicomPixelDataException">The value is too short to hold that frame.</exception>
    public static void CopyFrame(ReadOnlySpan<byte> pixelData, PixelDataInfo info, int frame, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, info.NumberOfFrames);
        int length = info.FrameLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {length}", nameof(destination));
        }

        long startBit = info.BitsPerFrame * frame;
        long endByte = (startBit + info.BitsPerFrame + 7) / 8;
        if (endByte > pixelData.Length)
        {
            throw new DicomPixelDataException(
                $"Pixel Data (7FE0,0010) holds {pixelData.Length} bytes, too few for frame {frame} of {info.NumberOfFrames} " +
                $"({info.Rows}×{info.Columns}×{info.SamplesPerPixel} samples of {info.BitsAllocated} bits needs {endByte} bytes)");
        }

        CopyBits(pixelData[(int)(startBit / 8)..(int)endByte], (int)(startBit % 8), info.BitsPerFrame, destination);
    }

    /// <summary>
    /// Copies <paramref name="bitCount"/> bits starting at bit <paramref name="bitOffset"/> (0..7) of
    /// <paramref name="source"/> to the start of <paramref name="destination"/>, least significant bit first
    /// (PS3.5 D.2); the unused bits of the last byte are cleared.
    /// </summary>
    internal static void CopyBits(ReadOnlySpan<byte> source, int bitOffset, long bitCount, Span<byte> destination)
    {
        int length = (int)((bitCount + 7) / 8);
        if (bitOffset == 0)
        {
            source[..length].CopyTo(destination);
        }
        else
        {
            // Single-bit frames whose first pixel is not at bit 0 of a byte: shift every byte down by the bit offset.
            for (int i = 0; i < length; i++)
            {
                int low = source[i] >> bitOffset;
                int high = i + 1 < source.Length ? source[i + 1] << (8 - bitOffset) : 0;
                destination[i] = (byte)(low | high);
            }
        }

        int tailBits = (int)(bitCount % 8);
        if (tailBits != 0)
        {
            destination[length - 1] &= (byte)((1 << tailBits) - 1);
        }
    }

    /// <summary>Returns frame <paramref name="frame"/> as a new array; see <see cref="CopyFrame"/>.</summary>
    public static byte[] GetFrame(ReadOnlySpan<byte> pixelData, PixelDataInfo info, int frame)
    {
        var result = new byte[info.FrameLength];
        CopyFrame(pixelData, info, frame, result);
        return result;
    }

    /// <summary>
    /// Reverses the byte order of every <paramref name="bytesPerSample"/>-byte word in place: Explicit VR Big Endian
    /// stores OW pixel data as big-endian 16-bit words (PS3.5 7.3 and A.3), whereas this class works on little-endian.
    /// </summary>
    public static void SwapToLittleEndian(Span<byte> data, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case <= 1:
                return;
            case 2:
                var words = MemoryMarshal.Cast<byte, ushort>(data[..(data.Length & ~1)]);
                BinaryPrimitives.ReverseEndianness(words, words);
                return;
            case 4:
                var dwords = MemoryMarshal.Cast<byte, uint>(data[..(data.Length & ~3)]);
                BinaryPrimitives.ReverseEndianness(dwords, dwords);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(bytesPerSample), bytesPerSample, "only 1, 2 or 4 bytes per sample");
        }
    }
}
