using System.Numerics;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>Joins byte planes into little-endian words, with SIMD where the hardware has it.</summary>
internal static class ByteInterleave
{
    /// <summary>destination[2i] = low[i], destination[2i + 1] = high[i].</summary>
    public static void Words(ReadOnlySpan<byte> low, ReadOnlySpan<byte> high, Span<byte> destination)
    {
        int count = low.Length;
        var words = MemoryMarshal.Cast<byte, ushort>(destination[..(count * 2)]);
        int i = 0;
        if (Vector.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            int width = Vector<byte>.Count;
            int half = Vector<ushort>.Count;
            for (; i <= count - width; i += width)
            {
                Vector.Widen(new Vector<byte>(low[i..]), out Vector<ushort> lowFirst, out Vector<ushort> lowSecond);
                Vector.Widen(new Vector<byte>(high[i..]), out Vector<ushort> highFirst, out Vector<ushort> highSecond);
                (lowFirst | Vector.ShiftLeft(highFirst, 8)).CopyTo(words[i..]);
                (lowSecond | Vector.ShiftLeft(highSecond, 8)).CopyTo(words[(i + half)..]);
            }
        }

        for (; i < count; i++)
        {
            destination[2 * i] = low[i];
            destination[(2 * i) + 1] = high[i];
        }
    }
}
