using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// JPEG 2000 decoding (ITU-T T.800 | ISO/IEC 15444-1) for the transfer syntaxes JPEG 2000 Lossless Only
/// (1.2.840.10008.1.2.4.90) and JPEG 2000 (1.2.840.10008.1.2.4.91), PS3.5 8.2.4 and A.4.4. One encoded frame is a
/// JPEG 2000 codestream, or a JP2 file whose contiguous codestream box is used. Supported: any tiling, all five
/// progression orders, default or explicit precincts, SOP/EPH markers, every code-block style of Part 1, the 5-3
/// reversible and 9-7 irreversible filters with any quantization, RCT/ICT, 1 to 16 bit signed or unsigned components
/// without sub-sampling. Not supported (<see cref="DicomCodecNotSupportedException"/>): POC progression changes,
/// RGN region of interest, PPM/PPT packed headers, component sub-sampling, Part 2 extensions and HTJ2K.
/// </summary>
public static class Jpeg2000Codec
{
    /// <summary>The transfer syntax UID of JPEG 2000 Image Compression (Lossless Only).</summary>
    public const string LosslessTransferSyntaxUid = "1.2.840.10008.1.2.4.90";

    /// <summary>The transfer syntax UID of JPEG 2000 Image Compression.</summary>
    public const string TransferSyntaxUid = "1.2.840.10008.1.2.4.91";

    private static ReadOnlySpan<byte> Jp2Signature => [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    /// <summary>
    /// Decodes one JPEG 2000 frame into <paramref name="destination"/> (<see cref="PixelDataInfo.FrameLength"/> bytes),
    /// colour-by-pixel or colour-by-plane as <paramref name="info"/>'s Planar Configuration says; the component transform
    /// (YBR_RCT/YBR_ICT) is undone, so colour frames come out as RGB. Signed samples are sign-extended to Bits Allocated.
    /// </summary>
    /// <exception cref="DicomPixelDataException">The data is malformed, truncated, or disagrees with <paramref name="info"/>.</exception>
    /// <exception cref="DicomCodecNotSupportedException">The codestream uses a feature outside the supported subset.</exception>
    public static void DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, Span<byte> destination, int frame = 0)
    {
        if (destination.Length < info.FrameLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {info.FrameLength}", nameof(destination));
        }

        try
        {
            if (info.BitsAllocated is not (8 or 16) || info.SamplesPerPixel is not (1 or 3) || info.IsHorizontallySubsampled)
            {
                throw new DicomPixelDataException(
                    $"JPEG 2000 cannot carry Bits Allocated (0028,0100) = {info.BitsAllocated}, Samples per Pixel (0028,0002) = {info.SamplesPerPixel}, " +
                    $"Photometric Interpretation {info.PhotometricInterpretation} here (8 or 16 bits, 1 or 3 samples, no sub-sampling)");
            }

            var codestream = Jpeg2000Codestream.Read(Unwrap(encoded));
            Check(codestream, info);
            var decoder = new Jpeg2000TileDecoder(new Jpeg2000CodeBlockDecoder());
            foreach (var tile in codestream.Tiles)
            {
                var components = decoder.Decode(codestream, tile);
                Jpeg2000ComponentTransform.Apply(tile.Cod, components);
                Write(codestream, components, info, destination);
            }
        }
        catch (DicomPixelDataException e)
        {
            throw new DicomPixelDataException($"JPEG 2000 frame {frame}: {e.Message}", e);
        }
        catch (DicomCodecNotSupportedException e)
        {
            throw new DicomCodecNotSupportedException($"JPEG 2000 frame {frame}: {e.Message}", e);
        }
    }

    /// <summary>Decodes one JPEG 2000 frame into a new array; see <see cref="DecodeFrame(ReadOnlySpan{byte}, PixelDataInfo, Span{byte}, int)"/>.</summary>
    public static byte[] DecodeFrame(ReadOnlySpan<byte> encoded, PixelDataInfo info, int frame = 0)
    {
        var result = new byte[info.FrameLength];
        DecodeFrame(encoded, info, result, frame);
        return result;
    }

    // PS3.5 A.4.4: the fragments hold a codestream; a JP2 file (T.800 Annex I) is tolerated: use its jp2c box.
    private static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> encoded)
    {
        if (!encoded.StartsWith(Jp2Signature))
        {
            return encoded;
        }
        int position = 0;
        while (position + 8 <= encoded.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(encoded[position..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(encoded[(position + 4)..]);
            int header = 8;
            if (length == 1)
            {
                if (position + 16 > encoded.Length)
                {
                    break;
                }
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(encoded[(position + 8)..]);
                header = 16;
            }
            else if (length == 0)
            {
                length = encoded.Length - position;
            }
            if (length < header || length > encoded.Length - position)
            {
                throw new DicomPixelDataException($"JP2 box at byte {position} has length {length}, beyond the end of the data");
            }
            if (type == 0x6A703263)
            {
                // 'jp2c': the contiguous codestream box
                return encoded.Slice(position + header, (int)length - header);
            }
            position += (int)length;
        }
        throw new DicomPixelDataException("JP2 file without a contiguous codestream (jp2c) box");
    }

    private static void Check(Jpeg2000Codestream codestream, PixelDataInfo info)
    {
        int width = codestream.Width - codestream.OriginX, height = codestream.Height - codestream.OriginY;
        if (width != info.Columns || height != info.Rows || codestream.Components != info.SamplesPerPixel)
        {
            throw new DicomPixelDataException(
                $"the codestream holds {width}x{height} pixels of {codestream.Components} components, the data set says " +
                $"Columns (0028,0011) = {info.Columns}, Rows (0028,0010) = {info.Rows}, Samples per Pixel (0028,0002) = {info.SamplesPerPixel}");
        }
        for (int c = 0; c < codestream.Components; c++)
        {
            if (codestream.Precision[c] > info.BitsAllocated)
            {
                throw new DicomPixelDataException(
                    $"component {c} has {codestream.Precision[c]} bits of precision, more than Bits Allocated (0028,0100) = {info.BitsAllocated}");
            }
        }
    }

    private static void Write(Jpeg2000Codestream codestream, Jpeg2000TileComponent[] components, PixelDataInfo info, Span<byte> destination)
    {
        int samples = components.Length;
        int pixels = info.Rows * info.Columns;
        for (int c = 0; c < samples; c++)
        {
            var component = components[c];
            int precision = codestream.Precision[c];
            bool signed = codestream.Signed[c];
            int min = signed ? -(1 << (precision - 1)) : 0;
            int max = signed ? (1 << (precision - 1)) - 1 : (1 << precision) - 1;
            int shift = signed ? 0 : 1 << (precision - 1);
            bool reversible = component.Style.Reversible;
            for (int y = 0; y < component.Height; y++)
            {
                int row = (component.Y0 - codestream.OriginY + y) * info.Columns;
                for (int x = 0; x < component.Width; x++)
                {
                    int i = (y * component.Width) + x;
                    // G.1.2: inverse DC level shift, then clip to the component's range.
                    int value = reversible ? component.Integers[i] : (int)MathF.Round(Math.Clamp(component.Floats[i], -1e9f, 1e9f));
                    value = Math.Clamp(value + shift, min, max);
                    int pixel = row + component.X0 - codestream.OriginX + x;
                    int index = info.IsPlanar ? (c * pixels) + pixel : (pixel * samples) + c;
                    if (info.BitsAllocated == 8)
                    {
                        destination[index] = (byte)value;
                    }
                    else
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * index)..], (short)value);
                    }
                }
            }
        }
    }
}
