using System.Buffers;
using System.Numerics;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The pixel data of a data set: its layout (<see cref="Info"/>) and its frames, native, RLE-, JPEG-Lossless- or JPEG-LS-decoded,
/// as raw bytes, stored values, modality values (e.g. HU) or 8-bit previews. Other JPEG-family transfer syntaxes are
/// recognised and reported as not decodable (<see cref="DicomCodecNotSupportedException"/>). Frames are read one at a time from the
/// element's buffer, so a lazily read multi-frame file is never held in memory whole.
/// </summary>
public sealed partial class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private readonly DicomElement? _native;
    private readonly DicomFragmentSequence? _encapsulated;
    private IReadOnlyList<IReadOnlyList<DicomBuffer>>? _frameFragments;
    private ModalityLut? _modalityLut;

    private DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax, PixelDataInfo info, DicomItem pixelData)
    {
        _dataset = dataset;
        TransferSyntax = syntax;
        _native = pixelData as DicomElement;
        _encapsulated = pixelData as DicomFragmentSequence;
        // PS3.5 G.2: RLE segments are colour planes whatever Planar Configuration says; frames are handed out colour-by-pixel.
        Info = _encapsulated is not null && syntax == DicomTransferSyntax.RLELossless ? info with { PlanarConfiguration = 0 } : info;
        // PS3.5 8.2.4: YBR_RCT/YBR_ICT name JPEG 2000's component transform, which decoding undoes: frames are RGB.
        if (_encapsulated is not null && IsJpeg2000(syntax) && info.PhotometricInterpretation is PhotometricInterpretations.YbrRct or PhotometricInterpretations.YbrIct)
        {
            Info = info with { PhotometricInterpretation = PhotometricInterpretations.Rgb };
        }
    }

    /// <summary>Layout of the frames <see cref="GetFrame"/> returns (for RLE colour data: colour-by-pixel; for JPEG 2000 YBR_RCT/YBR_ICT: RGB).</summary>
    public PixelDataInfo Info { get; }

    /// <summary>The transfer syntax the pixel data is encoded in.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>True when the pixel data is encapsulated in fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated => _encapsulated is not null;

    /// <summary>True when this toolkit can decode the frames: native pixel data, RLE Lossless, JPEG Lossless, JPEG-LS or JPEG 2000.</summary>
    public bool IsDecodable => CanDecode(TransferSyntax) || _native is not null;

    /// <summary>The data set's Modality LUT (rescale, LUT sequence, or identity); see <see cref="GetModalityLut"/> per frame.</summary>
    /// <exception cref="DicomPixelDataException">The Modality LUT attributes are malformed (read on first use, so that
    /// raw frames stay readable).</exception>
    public ModalityLut ModalityLut => _modalityLut ??= ModalityLutReader.Read(_dataset);

    /// <summary>True for transfer syntaxes whose pixel data this toolkit decodes: the native ones, RLE Lossless, JPEG Lossless, JPEG-LS and JPEG 2000 (Part 1).</summary>
    public static bool CanDecode(DicomTransferSyntax syntax) =>
        CanEncode(syntax) || syntax == DicomTransferSyntax.JPEGLosslessSV1 || syntax == DicomTransferSyntax.JPEGLossless || IsJpegLs(syntax) ||
        IsJpeg2000(syntax);

    /// <summary>True for transfer syntaxes this toolkit can write pixel data in: the native ones and RLE Lossless.</summary>
    public static bool CanEncode(DicomTransferSyntax syntax) => !syntax.IsEncapsulated || syntax == DicomTransferSyntax.RLELossless;

    /// <summary>
    /// Describes the pixel data of <paramref name="dataset"/>, encoded in <paramref name="transferSyntax"/>.
    /// </summary>
    /// <exception cref="DicomPixelDataException">No Pixel Data, or Image Pixel Module attributes missing or inconsistent.</exception>
    public static DicomPixelData Create(DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        var item = dataset.GetItem(DicomTag.PixelData);
        if (item is null)
        {
            string other = dataset.Contains(DicomTag.FloatPixelData) || dataset.Contains(DicomTag.DoubleFloatPixelData)
                ? " (Float/Double Float Pixel Data is not supported)"
                : string.Empty;
            throw new DicomPixelDataException($"the data set has no Pixel Data (7FE0,0010){other}");
        }

        if (item is not DicomElement and not DicomFragmentSequence)
        {
            throw new DicomPixelDataException($"Pixel Data (7FE0,0010) is a {item.GetType().Name}, neither a value nor fragments");
        }

        if (item is DicomElement && transferSyntax.IsEncapsulated)
        {
            throw new DicomPixelDataException(
                $"Pixel Data (7FE0,0010) is native but the transfer syntax {transferSyntax.UID.UID} ({transferSyntax}) encapsulates it (PS3.5 A.4)");
        }

        if (item is DicomFragmentSequence && !transferSyntax.IsEncapsulated)
        {
            throw new DicomPixelDataException(
                $"Pixel Data (7FE0,0010) is encapsulated but the transfer syntax {transferSyntax.UID.UID} ({transferSyntax}) is native");
        }

        return new DicomPixelData(dataset, transferSyntax, PixelDataInfo.FromDataset(dataset), item);
    }

    /// <summary>Describes the pixel data of a Part 10 file, in the file's transfer syntax.</summary>
    public static DicomPixelData Create(DicomFile file) => Create(file.Dataset, file.TransferSyntax);

    /// <summary>Frame <paramref name="frame"/> as native little-endian bytes laid out as <see cref="Info"/> says.</summary>
    public byte[] GetFrame(int frame)
    {
        var result = new byte[Info.FrameLength];
        CopyFrame(frame, result);
        return result;
    }

    /// <summary>Copies frame <paramref name="frame"/> into <paramref name="destination"/> (<see cref="PixelDataInfo.FrameLength"/> bytes).</summary>
    /// <exception cref="DicomCodecNotSupportedException">The transfer syntax has no codec here.</exception>
    /// <exception cref="DicomPixelDataException">The pixel data is too short or malformed.</exception>
    public void CopyFrame(int frame, Span<byte> destination)
    {
        if (frame < 0 || frame >= Info.NumberOfFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"the pixel data has {Info.NumberOfFrames} frame(s)");
        }

        if (destination.Length < Info.FrameLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame needs {Info.FrameLength}", nameof(destination));
        }

        if (_native is not null)
        {
            CopyNativeFrame(_native, frame, destination);
        }
        else if (CanDecode(TransferSyntax))
        {
            DecodeEncapsulatedFrame(frame, destination);
        }
        else
        {
            throw new DicomCodecNotSupportedException(TransferSyntax.UID.UID, TransferSyntax.UID.Name);
        }
    }

    /// <summary>The stored values of frame <paramref name="frame"/> (masked or sign-extended, colour-by-pixel).</summary>
    public T[] GetFrameAs<T>(int frame)
        where T : unmanaged, INumberBase<T>
    {
        var result = new T[Info.SamplesPerFrame];
        GetFrameAs(frame, result.AsSpan());
        return result;
    }

    /// <summary>Writes the stored values of frame <paramref name="frame"/> to <paramref name="destination"/>.</summary>
    public void GetFrameAs<T>(int frame, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Info.FrameLength);
        try
        {
            CopyFrame(frame, buffer);
            StoredPixelValues.Read(buffer.AsSpan(0, Info.FrameLength), Info, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Frame <paramref name="frame"/> as floats: modality values (e.g. Hounsfield units) when
    /// <paramref name="applyModalityLut"/> is set, else the stored values.
    /// </summary>
    public float[] GetFrameAsFloat(int frame, bool applyModalityLut = true)
    {
        var result = new float[Info.SamplesPerFrame];
        GetFrameAsFloat(frame, result, applyModalityLut);
        return result;
    }

    /// <summary>Writes frame <paramref name="frame"/> as floats to <paramref name="destination"/>; see <see cref="GetFrameAsFloat(int, bool)"/>.</summary>
    public void GetFrameAsFloat(int frame, Span<float> destination, bool applyModalityLut = true)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Info.FrameLength);
        try
        {
            CopyFrame(frame, buffer);
            var lut = applyModalityLut ? GetModalityLut(frame) : ModalityLut.Identity;
            lut.Apply(buffer.AsSpan(0, Info.FrameLength), Info, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The Modality LUT of frame <paramref name="frame"/>: the Pixel Value Transformation of its Per-frame or the Shared
    /// Functional Groups (enhanced multi-frame objects, PS3.3 C.7.6.16.2.9), else the data set's own.
    /// </summary>
    public ModalityLut GetModalityLut(int frame) => ModalityLutReader.ReadForFrame(_dataset, frame) ?? ModalityLut;

    private void CopyNativeFrame(DicomElement element, int frame, Span<byte> destination)
    {
        var info = Info;
        long startBit = info.BitsPerFrame * frame;
        long startByte = startBit / 8;
        long endByte = (startBit + info.BitsPerFrame + 7) / 8;
        var buffer = element.Buffer;
        if (endByte > buffer.Length)
        {
            throw new DicomPixelDataException(
                $"Pixel Data (7FE0,0010) holds {buffer.Length} bytes, too few for frame {frame} of {info.NumberOfFrames} " +
                $"({info.Rows}×{info.Columns}×{info.SamplesPerPixel} samples of {info.BitsAllocated} bits need {endByte} bytes up to it)");
        }

        int length = info.FrameLength;
        if (startBit % 8 == 0)
        {
            buffer.CopyTo(startByte, destination[..length]);
        }
        else
        {
            int span = (int)(endByte - startByte);
            byte[] bits = ArrayPool<byte>.Shared.Rent(span);
            try
            {
                buffer.CopyTo(startByte, bits.AsSpan(0, span));
                NativePixelData.CopyBits(bits.AsSpan(0, span), (int)(startBit % 8), info.BitsPerFrame, destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bits);
            }
        }

        if (TransferSyntax.IsBigEndian && info.BitsAllocated == 32 && element.VR == DicomVR.OW)
        {
            // PS3.5 A.3: big-endian OW is swapped per 16-bit word when read; a 32-bit sample also needs its two words exchanged.
            NativePixelData.SwapToLittleEndian(destination[..length], 2);
            NativePixelData.SwapToLittleEndian(destination[..length], 4);
        }
    }

    /// <summary>Finds the fragments of every frame now (before the data set's pixel data or offset tables change).</summary>
    internal void LocateFrames()
    {
        if (_encapsulated is not null)
        {
            _frameFragments ??= FindFrameFragments(_encapsulated);
        }
    }

    /// <summary>
    /// The fragments of each frame (<see cref="DicomFragmentSequence.GetFrameFragments"/>). Without an offset table and
    /// with more fragments than frames, a JPEG-family frame is found by its first fragment starting with SOI (X'FFD8'):
    /// PS3.5 A.4 starts every frame in a new fragment, and X'FFD8' cannot begin a fragment inside entropy-coded data.
    /// </summary>
    private IReadOnlyList<IReadOnlyList<DicomBuffer>> FindFrameFragments(DicomFragmentSequence encapsulated)
    {
        int frames = Info.NumberOfFrames;
        if (frames > 1 && encapsulated.Fragments.Count > frames && TransferSyntax != DicomTransferSyntax.RLELossless
            && encapsulated.GetFrameOffsets(_dataset).Count == 0)
        {
            var found = new List<List<DicomBuffer>>();
            Span<byte> start = stackalloc byte[2];
            foreach (var fragment in encapsulated.Fragments)
            {
                bool soi = fragment.Length >= 2 && ReadStart(fragment, start) is [0xFF, 0xD8];
                if (soi || found.Count == 0)
                {
                    found.Add([]);
                }

                found[^1].Add(fragment);
            }

            if (found.Count == frames)
            {
                return found;
            }
        }

        return encapsulated.GetFrameFragments(_dataset, frames);

        static Span<byte> ReadStart(DicomBuffer fragment, Span<byte> start)
        {
            fragment.CopyTo(0, start);
            return start;
        }
    }

    private void DecodeEncapsulatedFrame(int frame, Span<byte> destination)
    {
        _frameFragments ??= FindFrameFragments(_encapsulated!);
        if (_frameFragments.Count != Info.NumberOfFrames)
        {
            throw new DicomPixelDataException(
                $"Pixel Data (7FE0,0010) holds {_frameFragments.Count} {TransferSyntax.UID.Name} frame(s) but Number of Frames (0028,0008) is {Info.NumberOfFrames}");
        }

        var fragments = _frameFragments[frame];
        if (fragments.Count == 1 && !fragments[0].IsLazy)
        {
            DecodeFrame(fragments[0].Data.Span, destination, frame);
            return;
        }

        long total = 0;
        foreach (var fragment in fragments)
        {
            total += fragment.Length;
        }

        if (total > int.MaxValue)
        {
            throw new DicomPixelDataException($"{TransferSyntax.UID.Name} frame {frame} spans {total} bytes of fragments, more than 2 GiB");
        }

        byte[] encoded = ArrayPool<byte>.Shared.Rent((int)total);
        try
        {
            int position = 0;
            foreach (var fragment in fragments)
            {
                fragment.CopyTo(0, encoded.AsSpan(position, (int)fragment.Length));
                position += (int)fragment.Length;
            }

            DecodeFrame(encoded.AsSpan(0, position), destination, frame);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    private void DecodeFrame(ReadOnlySpan<byte> encoded, Span<byte> destination, int frame)
    {
        if (TransferSyntax == DicomTransferSyntax.RLELossless)
        {
            RleCodec.DecodeFrame(encoded, Info, destination, frame);
        }
        else if (IsJpegLs(TransferSyntax))
        {
            JpegLsCodec.DecodeFrame(encoded, Info, destination, frame);
        }
        else if (IsJpeg2000(TransferSyntax))
        {
            Jpeg2000Codec.DecodeFrame(encoded, Info, destination, frame);
        }
        else
        {
            JpegLosslessCodec.DecodeFrame(encoded, Info, destination, frame);
        }
    }

    private static bool IsJpegLs(DicomTransferSyntax syntax) =>
        syntax == DicomTransferSyntax.JPEGLSLossless || syntax == DicomTransferSyntax.JPEGLSNearLossless;

    private static bool IsJpeg2000(DicomTransferSyntax syntax) =>
        syntax == DicomTransferSyntax.JPEG2000Lossless || syntax == DicomTransferSyntax.JPEG2000;
}
