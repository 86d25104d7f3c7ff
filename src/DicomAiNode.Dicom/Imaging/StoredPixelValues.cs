using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Reads the stored pixel values of one native frame (little-endian, as <see cref="NativePixelData"/> extracts it).
/// PS3.5 8.1.1: a reader may assume nothing about the bits outside Bits Stored, so each sample is shifted down by
/// HighBit + 1 - BitsStored and then masked to Bits Stored (unsigned) or sign-extended from the High Bit (signed,
/// PS3.3 C.7.6.3.1). Output is colour-by-pixel whatever the Planar Configuration, and YBR_FULL_422 is widened to one
/// Y Cb Cr triplet per pixel.
/// </summary>
public static class StoredPixelValues
{
    /// <summary>
    /// Writes the <see cref="PixelDataInfo.SamplesPerFrame"/> stored values of <paramref name="frame"/> to
    /// <paramref name="destination"/>, converted to <typeparamref name="T"/> by truncation.
    /// </summary>
    public static void Read<T>(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<T> destination)
        where T : unmanaged, INumberBase<T> =>
        Read(frame, info, destination, default(ToNumber<T>));

    /// <summary>Returns the smallest and largest stored value of <paramref name="frame"/>.</summary>
    public static (long Min, long Max) GetRange(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        var values = new long[info.SamplesPerFrame];
        Read<long>(frame, info, values);
        long min = long.MaxValue, max = long.MinValue;
        foreach (long v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    internal static void Read<T, TMap>(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<T> destination, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        if (frame.Length < info.FrameLength)
        {
            throw new DicomPixelDataException(
                $"frame holds {frame.Length} bytes, {info.Rows}×{info.Columns}×{info.SamplesPerPixel} samples of {info.BitsAllocated} bits need {info.FrameLength}");
        }

        if (destination.Length < info.SamplesPerFrame)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, a frame has {info.SamplesPerFrame}", nameof(destination));
        }

        if (info.IsHorizontallySubsampled)
        {
            ReadSubsampled(frame, info, destination, map);
        }
        else if (!info.IsPlanar)
        {
            ReadRun(frame, info, 0, info.SamplesPerFrame, destination, 1, map);
        }
        else
        {
            int pixels = info.PixelsPerFrame;
            for (int s = 0; s < info.SamplesPerPixel; s++)
            {
                ReadRun(frame, info, s * pixels, pixels, destination[s..], info.SamplesPerPixel, map);
            }
        }
    }

    // PS3.3 C.7.6.3.1.2: YBR_FULL_422 stores Y1 Y2 Cb Cr per pair of pixels; the pair shares its chroma.
    private static void ReadSubsampled<T, TMap>(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<T> destination, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        int stored = info.StoredSamplesPerFrame;
        var rented = ArrayPool<T>.Shared.Rent(stored);
        try
        {
            Widen422(frame, info, destination, map, rented.AsSpan(0, stored));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    private static void Widen422<T, TMap>(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<T> destination, TMap map, Span<T> values)
        where TMap : struct, IStoredValueMap<T>
    {
        int stored = values.Length;
        ReadRun(frame, info, 0, stored, values, 1, map);
        for (int pair = 0, o = 0; pair < stored; pair += 4, o += 6)
        {
            T cb = values[pair + 2], cr = values[pair + 3];
            destination[o] = values[pair];
            destination[o + 1] = cb;
            destination[o + 2] = cr;
            destination[o + 3] = values[pair + 1];
            destination[o + 4] = cb;
            destination[o + 5] = cr;
        }
    }

    /// <summary>Reads <paramref name="count"/> consecutive samples starting at sample <paramref name="first"/>.</summary>
    private static void ReadRun<T, TMap>(
        ReadOnlySpan<byte> frame, PixelDataInfo info, int first, int count, Span<T> destination, int stride, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        int shift = info.HighBit + 1 - info.BitsStored;
        int bits = info.BitsStored;
        bool signed = info.IsSigned;
        switch (info.BitsAllocated)
        {
            case 1:
                for (int i = 0, bit = first; i < count; i++, bit++)
                {
                    destination[i * stride] = map.Map((frame[bit >> 3] >> (bit & 7)) & 1);
                }

                break;
            case 8:
                Read8(frame.Slice(first, count), shift, bits, signed, destination, stride, map);
                break;
            case 16:
                Read16(MemoryMarshal.Cast<byte, ushort>(frame.Slice(first * 2, count * 2)), shift, bits, signed, destination, stride, map);
                break;
            case 32:
                Read32(MemoryMarshal.Cast<byte, uint>(frame.Slice(first * 4, count * 4)), shift, bits, signed, destination, stride, map);
                break;
            default:
                ReadAnyWidth(frame, info, first, count, destination, stride, map);
                break;
        }
    }

    private static void Read8<T, TMap>(ReadOnlySpan<byte> source, int shift, int bits, bool signed, Span<T> destination, int stride, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        int mask = (1 << bits) - 1;
        int extend = 32 - bits;
        for (int i = 0, o = 0; i < source.Length; i++, o += stride)
        {
            int v = (source[i] >> shift) & mask;
            destination[o] = map.Map(signed ? (v << extend) >> extend : v);
        }
    }

    private static void Read16<T, TMap>(ReadOnlySpan<ushort> source, int shift, int bits, bool signed, Span<T> destination, int stride, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        int mask = (1 << bits) - 1;
        int extend = 32 - bits;
        bool bigEndianHost = !BitConverter.IsLittleEndian;
        if (stride == 1 && destination.Length >= source.Length)
        {
            // The common case (grayscale): one tight loop the JIT can keep bounds-check free.
            var target = destination[..source.Length];
            for (int i = 0; i < source.Length; i++)
            {
                int raw = bigEndianHost ? BinaryPrimitives.ReverseEndianness(source[i]) : source[i];
                int v = (raw >> shift) & mask;
                target[i] = map.Map(signed ? (v << extend) >> extend : v);
            }

            return;
        }

        for (int i = 0, o = 0; i < source.Length; i++, o += stride)
        {
            int raw = bigEndianHost ? BinaryPrimitives.ReverseEndianness(source[i]) : source[i];
            int v = (raw >> shift) & mask;
            destination[o] = map.Map(signed ? (v << extend) >> extend : v);
        }
    }

    private static void Read32<T, TMap>(ReadOnlySpan<uint> source, int shift, int bits, bool signed, Span<T> destination, int stride, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        long mask = (1L << bits) - 1;
        int extend = 64 - bits;
        bool bigEndianHost = !BitConverter.IsLittleEndian;
        for (int i = 0, o = 0; i < source.Length; i++, o += stride)
        {
            long raw = bigEndianHost ? BinaryPrimitives.ReverseEndianness(source[i]) : source[i];
            long v = (raw >> shift) & mask;
            destination[o] = map.Map(signed ? (v << extend) >> extend : v);
        }
    }

    // Bits Allocated 24 (a multiple of 8 that PS3.5 8.1.1 permits but no machine word matches).
    private static void ReadAnyWidth<T, TMap>(
        ReadOnlySpan<byte> frame, PixelDataInfo info, int first, int count, Span<T> destination, int stride, TMap map)
        where TMap : struct, IStoredValueMap<T>
    {
        int width = info.BytesPerSample;
        int shift = info.HighBit + 1 - info.BitsStored;
        long mask = (1L << info.BitsStored) - 1;
        int extend = 64 - info.BitsStored;
        for (int i = 0; i < count; i++)
        {
            var sample = frame.Slice((first + i) * width, width);
            long raw = 0;
            for (int b = width - 1; b >= 0; b--)
            {
                raw = (raw << 8) | sample[b];
            }

            long v = (raw >> shift) & mask;
            destination[i * stride] = map.Map(info.IsSigned ? (v << extend) >> extend : v);
        }
    }

    private readonly struct ToNumber<T> : IStoredValueMap<T>
        where T : INumberBase<T>
    {
        public T Map(long storedValue) => T.CreateTruncating(storedValue);
    }
}
