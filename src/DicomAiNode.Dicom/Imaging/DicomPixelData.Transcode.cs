using System.Buffers;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Changing a data set's pixel data between native and RLE Lossless (and from JPEG Lossless or JPEG-LS to either), e.g. for a peer
/// that accepts only one of them.
/// The caller records the new transfer syntax (file meta information or presentation context).
/// </summary>
public sealed partial class DicomPixelData
{
    /// <summary>
    /// Rewrites the pixel data of <paramref name="dataset"/>, now encoded in <paramref name="from"/>, so that it can be
    /// written in <paramref name="to"/>. Native ↔ native needs no change (values are held little-endian), native ↔ RLE
    /// and JPEG Lossless or JPEG-LS → native or RLE decode or encode every frame. Returns <paramref name="to"/>.
    /// </summary>
    /// <exception cref="DicomCodecNotSupportedException">Either syntax is one this toolkit has no codec for.</exception>
    public static DicomTransferSyntax Transcode(DicomDataset dataset, DicomTransferSyntax from, DicomTransferSyntax to)
    {
        if (!CanDecode(from) || (to != from && !CanEncode(to)))
        {
            var missing = CanDecode(from) ? to : from;
            throw new DicomCodecNotSupportedException(missing.UID.UID, missing.UID.Name);
        }

        if (!dataset.Contains(DicomTag.PixelData) || from == to)
        {
            return to;
        }

        if (to == DicomTransferSyntax.RLELossless)
        {
            EncodeRle(dataset, from);
        }
        else if (from.IsEncapsulated
                 || (from.IsBigEndian != to.IsBigEndian && dataset.TryGetValue(DicomTag.BitsAllocated, out int bits) && bits == 32))
        {
            // The reader and writer swap big-endian OW per 16-bit word; 32-bit samples need their words exchanged too.
            WriteNative(dataset, from, to.IsBigEndian);
        }

        return to;
    }

    /// <summary>
    /// A file with the same data set, its pixel data transcoded to <paramref name="to"/> (the data set is changed in place).
    /// </summary>
    public static DicomFile Transcode(DicomFile file, DicomTransferSyntax to) =>
        new(file.Dataset, Transcode(file.Dataset, file.TransferSyntax, to));

    /// <summary>Replaces the pixel data of <paramref name="dataset"/> (encoded in <paramref name="from"/>) by native pixel data.</summary>
    public static void ToNative(DicomDataset dataset, DicomTransferSyntax from) => WriteNative(dataset, from, bigEndianTarget: false);

    private static void WriteNative(DicomDataset dataset, DicomTransferSyntax from, bool bigEndianTarget)
    {
        var pixelData = Create(dataset, from);
        var info = pixelData.Info;
        if (info.BitsAllocated == 1 && pixelData.IsEncapsulated)
        {
            throw new DicomPixelDataException("encapsulated single-bit pixel data cannot be decoded");
        }

        if (info.BitsAllocated == 1)
        {
            return; // native single-bit data is already packed as PS3.5 8.1.1 wants
        }

        // Frames are decoded as the new value is read or written (one frame in memory at a time); the fragments are
        // located now, while the data set still holds them and their offset tables, and every frame is decoded once
        // so that broken pixel data is reported here rather than halfway through writing a file or a C-STORE.
        pixelData.LocateFrames();
        byte[] scratch = ArrayPool<byte>.Shared.Rent(info.FrameLength);
        try
        {
            for (int frame = 0; frame < info.NumberOfFrames; frame++)
            {
                pixelData.CopyFrame(frame, scratch);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        WritePixelData(dataset, info, new DecodedPixelDataBuffer(pixelData, bigEndianTarget));
    }

    /// <summary>
    /// Replaces the pixel data of <paramref name="dataset"/> (encoded in <paramref name="from"/>) by RLE Lossless:
    /// one fragment per frame with a Basic Offset Table, Planar Configuration 1 for colour (PS3.5 G.2 note).
    /// </summary>
    public static void EncodeRle(DicomDataset dataset, DicomTransferSyntax from)
    {
        var pixelData = Create(dataset, from);
        var info = pixelData.Info;
        if (info.IsHorizontallySubsampled)
        {
            throw new DicomPixelDataException("RLE Lossless cannot carry YBR_FULL_422 (PS3.5 8.2.2): decode it to YBR_FULL or RGB first");
        }

        int frames = info.NumberOfFrames;
        var fragments = new DicomBuffer[frames];
        var offsets = new uint[frames];
        byte[] frameBytes = new byte[info.FrameLength];
        ulong position = 0;
        for (int frame = 0; frame < frames; frame++)
        {
            pixelData.CopyFrame(frame, frameBytes);
            fragments[frame] = new MemoryDicomBuffer(RleCodec.EncodeFrame(frameBytes, info));
            offsets[frame] = (uint)Math.Min(position, uint.MaxValue);
            position += 8 + (ulong)fragments[frame].Length; // PS3.5 A.4: 8-byte item header per fragment
        }

        // PS3.5 A.4: the Basic Offset Table holds 32-bit offsets; beyond 4 GiB it stays empty.
        IEnumerable<uint> table = position > uint.MaxValue ? [] : offsets;
        (info with { PlanarConfiguration = info.SamplesPerPixel > 1 ? 1 : 0 }).WriteTo(dataset);
        dataset.Remove(DicomTag.ExtendedOffsetTable);
        dataset.Remove(DicomTag.ExtendedOffsetTableLengths);
        dataset.AddOrUpdate(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, table, fragments));
    }

    /// <summary>
    /// Sets native pixel data: writes the Image Pixel Module attributes of <paramref name="info"/> and
    /// <paramref name="frames"/> (all frames, little-endian, laid out as <paramref name="info"/> says) as Pixel Data,
    /// OW for more than 8 bits allocated and OB otherwise, padded to even length (PS3.5 7.1.1).
    /// </summary>
    public static void SetNative(DicomDataset dataset, PixelDataInfo info, ReadOnlyMemory<byte> frames)
    {
        info.Validate();
        if (frames.Length < info.NativeLength)
        {
            throw new DicomPixelDataException(
                $"{frames.Length} bytes of pixel data are too few for {info.NumberOfFrames} frame(s) of {info.FrameLength} bytes");
        }

        var value = frames[..(int)info.NativeLength];
        if ((value.Length & 1) != 0)
        {
            var padded = new byte[value.Length + 1];
            value.CopyTo(padded);
            value = padded;
        }

        WritePixelData(dataset, info, new MemoryDicomBuffer(value));
    }

    private static void WritePixelData(DicomDataset dataset, PixelDataInfo info, DicomBuffer value)
    {
        info.WriteTo(dataset);
        dataset.Remove(DicomTag.ExtendedOffsetTable);
        dataset.Remove(DicomTag.ExtendedOffsetTableLengths);
        dataset.AddOrUpdate(new DicomElement(DicomTag.PixelData, info.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, value));
    }
}
