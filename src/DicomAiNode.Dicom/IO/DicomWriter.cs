using System.IO.Compression;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Writes bare data sets (as DIMSE messages carry them, PS3.7 6.3.1) and Part 10 files (PS3.10 7) in a transfer syntax.
/// Values left in their source file are streamed, never loaded whole (except for byte swapping to big endian).
/// </summary>
public static class DicomWriter
{
    /// <summary>Writes <paramref name="dataset"/> to <paramref name="stream"/> in <paramref name="syntax"/> (deflated when the syntax says so).</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null)
    {
        CheckEncapsulation(dataset, syntax);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, (options ?? DicomWriteOptions.Default).DeflateLevel, leaveOpen: true);
            WriteRaw(deflate, dataset, syntax, options);
            return;
        }
        WriteRaw(stream, dataset, syntax, options);
    }

    /// <summary>Asynchronous <see cref="Write"/>.</summary>
    public static async Task WriteAsync(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        CheckEncapsulation(dataset, syntax);
        if (syntax.IsDeflated)
        {
            var deflate = new DeflateStream(stream, (options ?? DicomWriteOptions.Default).DeflateLevel, leaveOpen: true);
            await using (deflate.ConfigureAwait(false))
            {
                await WriteRawAsync(deflate, dataset, syntax, options, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await WriteRawAsync(stream, dataset, syntax, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The encoded length of <paramref name="dataset"/> in <paramref name="syntax"/> (before deflate), e.g. for a command group length.</summary>
    public static long CalculateLength(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null) =>
        new DicomEncoder(syntax.IsExplicitVR, syntax.IsBigEndian, options ?? DicomWriteOptions.Default).MeasureDataset(dataset);

    /// <summary>Writes a Part 10 file: preamble, "DICM", file meta information (explicit VR little endian) and the data set.</summary>
    internal static void WriteFile(Stream stream, DicomDataset meta, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options)
    {
        CheckEncapsulation(dataset, syntax);
        WritePreamble(stream);
        WriteRaw(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian, options);
        Write(stream, dataset, syntax, options);
    }

    internal static async Task WriteFileAsync(Stream stream, DicomDataset meta, DicomDataset dataset, DicomTransferSyntax syntax,
        DicomWriteOptions? options, CancellationToken cancellationToken)
    {
        CheckEncapsulation(dataset, syntax);
        var preamble = new MemoryStream(132);
        WritePreamble(preamble);
        await stream.WriteAsync(preamble.GetBuffer().AsMemory(0, 132), cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian, options, cancellationToken).ConfigureAwait(false);
        await WriteAsync(stream, dataset, syntax, options, cancellationToken).ConfigureAwait(false);
    }

    private static void WritePreamble(Stream stream)
    {
        // PS3.10 7.1: a 128-byte preamble (zeros) and the prefix "DICM".
        Span<byte> preamble = stackalloc byte[132];
        preamble.Clear();
        "DICM"u8.CopyTo(preamble[128..]);
        stream.Write(preamble);
    }

    private static void WriteRaw(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options)
    {
        var encoder = new DicomEncoder(syntax.IsExplicitVR, syntax.IsBigEndian, options ?? DicomWriteOptions.Default);
        foreach (var large in encoder.Encode(dataset))
        {
            stream.Write(encoder.Pending.Span);
            encoder.ClearPending();
            large?.WriteTo(stream);
        }
        stream.Write(encoder.Pending.Span);
        encoder.ClearPending();
    }

    private static async Task WriteRawAsync(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options,
        CancellationToken cancellationToken)
    {
        var encoder = new DicomEncoder(syntax.IsExplicitVR, syntax.IsBigEndian, options ?? DicomWriteOptions.Default);
        foreach (var large in encoder.Encode(dataset))
        {
            await stream.WriteAsync(encoder.Pending, cancellationToken).ConfigureAwait(false);
            encoder.ClearPending();
            if (large is not null)
            {
                await large.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        await stream.WriteAsync(encoder.Pending, cancellationToken).ConfigureAwait(false);
        encoder.ClearPending();
    }

    private static void CheckEncapsulation(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        if (dataset.GetItem(DicomTag.PixelData) is { } pixelData)
        {
            bool encapsulated = pixelData is DicomFragmentSequence;
            if (encapsulated != syntax.IsEncapsulated)
            {
                throw new DicomDataException(encapsulated
                    ? $"The pixel data is encapsulated (compressed); it cannot be written in {syntax} without decompressing it first."
                    : $"The pixel data is native; writing it in {syntax} needs compressing it first, which this toolkit does not do here.");
            }
        }
    }
}
