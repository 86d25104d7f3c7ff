using System.Numerics;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The hot path of CT preprocessing: 16-bit stored values of a colour-by-pixel frame to float modality values,
/// value = masked-or-sign-extended stored value × slope + intercept, with SIMD where the hardware has it.
/// </summary>
internal static class RescaleKernel
{
    /// <summary>Returns false when the frame layout is not the one this kernel handles.</summary>
    public static bool TryApply16(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<float> destination, float slope, float intercept)
    {
        if (info.BitsAllocated != 16 || info.IsPlanar || info.IsHorizontallySubsampled || !BitConverter.IsLittleEndian)
        {
            return false;
        }

        int count = info.SamplesPerFrame;
        if (frame.Length < count * 2 || destination.Length < count)
        {
            return false;
        }

        var source = MemoryMarshal.Cast<byte, ushort>(frame[..(count * 2)]);
        var target = destination[..count];
        int shift = info.HighBit + 1 - info.BitsStored;
        int bits = info.BitsStored;
        int mask = (1 << bits) - 1;
        int extend = 32 - bits;
        bool signed = info.IsSigned;
        int i = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<ushort>.Count)
        {
            var maskVector = new Vector<int>(mask);
            var slopeVector = new Vector<float>(slope);
            var interceptVector = new Vector<float>(intercept);
            int width = Vector<int>.Count;
            for (; i <= count - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                var raw = new Vector<ushort>(source[i..]);
                Vector.Widen(raw, out Vector<uint> low, out Vector<uint> high);
                Normalise(Vector.AsVectorInt32(low), shift, extend, signed, maskVector, slopeVector, interceptVector).CopyTo(target[i..]);
                Normalise(Vector.AsVectorInt32(high), shift, extend, signed, maskVector, slopeVector, interceptVector).CopyTo(target[(i + width)..]);
            }
        }

        for (; i < count; i++)
        {
            int v = (source[i] >> shift) & mask;
            target[i] = ((signed ? (v << extend) >> extend : v) * slope) + intercept;
        }

        return true;
    }

    private static Vector<float> Normalise(
        Vector<int> raw, int shift, int extend, bool signed, Vector<int> mask, Vector<float> slope, Vector<float> intercept)
    {
        var v = Vector.ShiftRightLogical(raw, shift) & mask;
        if (signed)
        {
            v = Vector.ShiftRightArithmetic(Vector.ShiftLeft(v, extend), extend);
        }

        return (Vector.ConvertToSingle(v) * slope) + intercept;
    }
}
