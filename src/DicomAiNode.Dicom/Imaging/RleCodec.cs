using System.Buffers;
using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// RLE Lossless (transfer syntax 1.2.840.10008.1.2.5), PS3.5 Annex G. One encoded frame is a 64-byte header of 16
/// little-endian 32-bit values (the number of segments, then the offset of each of up to 15 segments from the start of
/// the header) followed by the segments. Each segment holds one byte plane: for every sample of the pixel, its most
/// significant byte first (G.2), PackBits-coded (G.3.1) and padded to an even length.
/// Frames handed in and out are native little-endian frames laid out as the given <see cref="PixelDataInfo"/> says
/// (Planar Configuration 0 or 1).
/// </summary>
public static class RleCodec
{
    /// <summary>The transfer syntax UID of RLE Lossless.</summary>
    public const string TransferSyntaxUid = "1.2.840.10008.1.2.5";

    /// <summary>Length of the RLE header (G.5): 16 values of 4 bytes.</summary>
    public const int HeaderLength = 64;

    /// <summary>G.5: the header has room for 15 segment offsets.</summary>
    public const int MaxSegments = 15;

    /// <summary>Number of segments an RLE frame of this layout has (samples per pixel × bytes per sample).</summary>
    public static int GetSegmentCount(PixelDataInfo info)
    {
        if (info.BitsAllocated % 8 != 0 || info.IsHorizontallySubsampled)
        {
            throw new DicomPixelDataException(
                $"RLE Lossless cannot carry Bits Allocated (0028,0100) = {info.BitsAllocated} with Photometric Interpretation {info.PhotometricInterpretation}");
        }

        int segments = info.SamplesPerPixel * info.BytesPerSample;
        if (segments > MaxSegments)
        {
            throw new DicomPixelDataException(
                $"RLE Lossless allows at most {MaxSegments} segments; {info.SamplesPerPixel} samples of {info.BitsAllocated} bits need {segments}");
        }

        return segments;
    }

    /// <summary>
    /// Decodes one RLE frame (the fragments of one frame, concatenated) into <paramref name="destination"/>
    /// (<see cref="PixelDataInfo.FrameLength"/> bytes), colour-by-pixel or colour-by-plane as
    /// <paramref name="info"/>'s Planar Configuration says.
    /// </summary>
    /// <param name="encoded">The encoded frame: header and segments.</param>
    /// <param name="info">Layout of the decoded frame.</param>
    /// <param name="destination">Receives the native frame.</param>
    /// <param name="frame">Frame number, for error messages only.</param>
    /// <exception cref="DicomPixelDataException">The header or a segment is malformed or too short.</exception>
    public static void DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, Span<byte> destination, int frame = 0)
    {
        int segments = GetSegmentCount(info);
        int length = info.FrameLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {length}", nameof(destination));
        }

        if (encoded.Length < HeaderLength)
        {
            throw new DicomPixelDataException($"RLE frame {frame}: {encoded.Length} bytes cannot hold the 64-byte RLE header (PS3.5 G.5)");
        }

        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (declared != segments)
        {
            throw new DicomPixelDataException(
                $"RLE frame {frame}: header declares {declared} segments, {info.SamplesPerPixel} samples of {info.BitsAllocated} bits need {segments} (PS3.5 G.2)");
        }

        int pixels = info.PixelsPerFrame;
        int bytesPerSample = info.BytesPerSample;
        byte[]? planes = segments > 1 ? ArrayPool<byte>.Shared.Rent(pixels * segments) : null;
        try
        {
            for (int segment = 0; segment < segments; segment++)
            {
                int start = ReadOffset(encoded, segment, frame);
                int end = segment + 1 < segments ? ReadOffset(encoded, segment + 1, frame) : encoded.Length;
                if (end < start)
                {
                    throw new DicomPixelDataException(
                        $"RLE frame {frame}: segment {segment + 1} starts at {start} but segment {segment + 2} at {end}; offsets must increase (PS3.5 G.5)");
                }

                // Each byte plane is decoded contiguously (runs become Fill/CopyTo) and then interleaved.
                var plane = planes is null ? destination[..pixels] : planes.AsSpan(segment * pixels, pixels);
                int written = DecodeSegment(encoded[start..end], plane);
                if (written < pixels)
                {
                    throw new DicomPixelDataException(
                        $"RLE frame {frame}: segment {segment + 1} of {segments} decodes to {written} bytes, {info.Rows}×{info.Columns} pixels need {pixels}");
                }
            }

            if (planes is not null)
            {
                Interleave(planes.AsSpan(0, pixels * segments), info, destination);
            }
        }
        finally
        {
            if (planes is not null)
            {
                ArrayPool<byte>.Shared.Return(planes);
            }
        }
    }

    /// <summary>Decodes one RLE frame into a new array; see <see cref="DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/>.</summary>
    public static byte[] DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, int frame = 0)
    {
        var result = new byte[info.FrameLength];
        DecodeFrame(encoded, info, result, frame);
        return result;
    }

    /// <summary>The largest encoded size of one frame: every row a worst-case run of literals, plus padding.</summary>
    public static int GetMaxEncodedLength(PixelDataInfo info)
    {
        long row = info.Columns + ((info.Columns + 127) / 128);
        long segment = (row * info.Rows) + 1;
        return checked((int)(HeaderLength + (segment * GetSegmentCount(info))));
    }

    /// <summary>
    /// Encodes one native frame (laid out as <paramref name="info"/> says) into <paramref name="destination"/>
    /// (at least <see cref="GetMaxEncodedLength"/> bytes) and returns the encoded length, which is even.
    /// </summary>
    public static int EncodeFrame(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<byte> destination)
    {
        int segments = GetSegmentCount(info);
        if (frame.Length < info.FrameLength)
        {
            throw new DicomPixelDataException($"frame holds {frame.Length} bytes, the layout needs {info.FrameLength}");
        }

        if (destination.Length < GetMaxEncodedLength(info))
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, encoding may need {GetMaxEncodedLength(info)}", nameof(destination));
        }

        destination[..HeaderLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)segments);
        int columns = info.Columns;
        int bytesPerSample = info.BytesPerSample;
        int position = HeaderLength;
        byte[] row = ArrayPool<byte>.Shared.Rent(columns);
        try
        {
            for (int segment = 0; segment < segments; segment++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 + (segment * 4))..], (uint)position);
                (int first, int stride) = GetBytePlane(info, segment / bytesPerSample, segment % bytesPerSample);
                int segmentStart = position;
                for (int r = 0; r < info.Rows; r++)
                {
                    int rowStart = first + (r * columns * stride);
                    ReadOnlySpan<byte> rowBytes;
                    if (stride == 1)
                    {
                        rowBytes = frame.Slice(rowStart, columns);
                    }
                    else
                    {
                        for (int c = 0, i = rowStart; c < columns; c++, i += stride)
                        {
                            row[c] = frame[i];
                        }

                        rowBytes = row.AsSpan(0, columns);
                    }

                    // G.3.1: each row is encoded on its own, runs never cross a row boundary.
                    position += PackBits.Encode(rowBytes, destination[position..]);
                }

                if (((position - segmentStart) & 1) != 0)
                {
                    destination[position++] = 0; // G.5: segments are padded to an even length
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }

        return position;
    }

    /// <summary>Encodes one native frame into a new array of exactly the encoded length.</summary>
    public static byte[] EncodeFrame(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(GetMaxEncodedLength(info));
        try
        {
            int length = EncodeFrame(frame, info, buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadOffset(ReadOnlySpan<byte> encoded, int segment, int frame)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(encoded[(4 + (segment * 4))..]);
        if (offset < HeaderLength || offset > encoded.Length || (segment == 0 && offset != HeaderLength))
        {
            throw new DicomPixelDataException(
                $"RLE frame {frame}: segment {segment + 1} offset {offset} lies outside the {encoded.Length}-byte frame (PS3.5 G.5)");
        }

        return (int)offset;
    }

    /// <summary>
    /// Where the bytes of one byte plane lie in a native little-endian frame: sample <paramref name="sample"/>,
    /// byte <paramref name="significance"/> (0 = most significant, G.2). Returns the first index and the step.
    /// </summary>
    private static (int First, int Stride) GetBytePlane(PixelDataInfo info, int sample, int significance)
    {
        int width = info.BytesPerSample;
        int littleEndianByte = width - 1 - significance;
        return info.IsPlanar
            ? ((sample * info.PixelsPerFrame * width) + littleEndianByte, width)
            : ((sample * width) + littleEndianByte, info.SamplesPerPixel * width);
    }

    /// <summary>Puts the decoded byte planes (most significant byte of sample 0 first) into the native frame.</summary>
    private static void Interleave(ReadOnlySpan<byte> planes, PixelDataInfo info, Span<byte> destination)
    {
        int pixels = info.PixelsPerFrame;
        int bytesPerSample = info.BytesPerSample;
        if (bytesPerSample == 2 && info.SamplesPerPixel == 1)
        {
            ByteInterleave.Words(planes[pixels..], planes[..pixels], destination);
            return;
        }

        int segments = planes.Length / pixels;
        for (int segment = 0; segment < segments; segment++)
        {
            (int first, int stride) = GetBytePlane(info, segment / bytesPerSample, segment % bytesPerSample);
            var plane = planes.Slice(segment * pixels, pixels);
            if (stride == 1)
            {
                plane.CopyTo(destination[first..]);
                continue;
            }

            var target = destination[first..];
            for (int i = 0, o = 0; i < plane.Length; i++, o += stride)
            {
                target[o] = plane[i];
            }
        }
    }

    /// <summary>Decodes PackBits runs (G.3.2) until <paramref name="destination"/> is full or the segment ends.</summary>
    private static int DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> destination)
    {
        int read = 0, written = 0, count = destination.Length;
        while (written < count && read < segment.Length)
        {
            int header = (sbyte)segment[read++];
            if (header >= 0)
            {
                // n in 0..127: the next n + 1 bytes are literal.
                int length = Math.Min(Math.Min(header + 1, segment.Length - read), count - written);
                segment.Slice(read, length).CopyTo(destination[written..]);
                read += header + 1;
                written += length;
            }
            else if (header != -128)
            {
                // n in -1..-127: the next byte repeated -n + 1 times; -128 is a no-op.
                if (read >= segment.Length)
                {
                    break;
                }

                int length = Math.Min(1 - header, count - written);
                destination.Slice(written, length).Fill(segment[read++]);
                written += length;
            }
        }

        return written;
    }
}
