using System.Buffers.Binary;
using System.IO.Compression;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Reads bare data sets (as DIMSE messages carry them) and Part 10 files: with or without preamble and file meta
/// information, in any of the uncompressed syntaxes (incl. deflate) and with encapsulated pixel data.
/// </summary>
public static class DicomReader
{
    /// <summary>Reads a data set encoded in <paramref name="syntax"/> from the current position to the end of <paramref name="stream"/>.</summary>
    /// <exception cref="DicomFileException">Malformed or truncated data.</exception>
    public static DicomDataset ReadDataset(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var deflatedSource = new DicomSource(inflated);
            Guard(() => new DicomParser(deflatedSource, options, null).ReadDataset(dataset, true, false), "the stream");
            return dataset;
        }
        using var source = new DicomSource(stream);
        Guard(() => new DicomParser(source, options, null).ReadDataset(dataset, syntax.IsExplicitVR, syntax.IsBigEndian), "the stream");
        return dataset;
    }

    /// <summary>
    /// Asynchronous <see cref="ReadDataset"/>. A non-seekable stream is first read to its end (asynchronously) into memory:
    /// spool large data sets to a file and read that to keep memory bounded.
    /// </summary>
    public static async Task<DicomDataset> ReadDatasetAsync(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (stream.CanSeek)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ReadDataset(stream, syntax, options);
        }
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return ReadDataset(buffer, syntax, options);
    }

    /// <summary>Reads a Part 10 file (or a bare data set whose transfer syntax is guessed) from <paramref name="stream"/>.</summary>
    internal static DicomFile ReadFile(Stream stream, DicomReadOptions options, string? path)
    {
        string name = path ?? "the stream";
        var meta = new DicomDataset();
        var dataset = new DicomDataset();
        DicomTransferSyntax syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        using var source = new DicomSource(stream);
        Guard(() =>
        {
            var parser = new DicomParser(source, options, path);
            bool hasPreamble = source.Ensure(132) && source.Peek(132)[128..].SequenceEqual("DICM"u8);
            if (hasPreamble)
            {
                source.Advance(132);
            }
            else if (!source.Ensure(8))
            {
                throw new DicomFileException($"{name}: only {source.Buffered} bytes, too short to be DICOM.");
            }
            if (source.Ensure(8) && BinaryPrimitives.ReadUInt16LittleEndian(source.Peek(8)) == 0x0002)
            {
                parser.ReadMetaGroup(meta);
            }
            else if (hasPreamble)
            {
                throw new DicomFileException($"{name}: the file has the DICM prefix but no file meta information (group 0002).");
            }
            if (meta.TryGetString(DicomTag.TransferSyntaxUID, out var uid) && uid.Length > 0)
            {
                syntax = DicomTransferSyntax.Lookup(uid);
            }
            else
            {
                syntax = Guess(source, name);
            }
            if (syntax.IsDeflated)
            {
                ReadDeflated(source, options, dataset);
                return;
            }
            parser.ReadDataset(dataset, syntax.IsExplicitVR, syntax.IsBigEndian);
        }, name);
        return new DicomFile(meta, dataset, syntax, path);
    }

    private static void ReadDeflated(DicomSource source, DicomReadOptions options, DicomDataset dataset)
    {
        var rest = new ConcatenatedStream(source.Peek(source.Buffered).ToArray(), source.Stream);
        source.Advance(source.Buffered);
        // PS3.5 A.5 specifies raw deflate (RFC 1951); some writers add a zlib header (RFC 1950): accept both.
        bool zlib = rest.PeekZlibHeader();
        Stream inflated = zlib ? new ZLibStream(rest, CompressionMode.Decompress, leaveOpen: true) : new DeflateStream(rest, CompressionMode.Decompress, leaveOpen: true);
        using (inflated)
        {
            using var inner = new DicomSource(inflated);
            new DicomParser(inner, options, null).ReadDataset(dataset, true, false);
        }
    }

    /// <summary>Without a transfer syntax UID: explicit VR if the first element has a valid VR; big endian if its group reads smaller that way.</summary>
    private static DicomTransferSyntax Guess(DicomSource source, string name)
    {
        if (!source.Ensure(8))
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        var head = source.Peek(8);
        bool explicitVR = DicomVR.TryParse(head[4], head[5], out _);
        if (!explicitVR)
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        ushort little = BinaryPrimitives.ReadUInt16LittleEndian(head);
        ushort big = BinaryPrimitives.ReadUInt16BigEndian(head);
        _ = name;
        return big < little ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ExplicitVRLittleEndian;
    }

    /// <summary>Turns every low-level failure of malformed input into a <see cref="DicomFileException"/> naming the source.</summary>
    private static void Guard(Action read, string name)
    {
        try
        {
            read();
        }
        catch (DicomFileException)
        {
            throw;
        }
        catch (Exception e) when (e is DicomDataException or InvalidDataException or EndOfStreamException or ArgumentException
                                      or OverflowException or IndexOutOfRangeException or FormatException or InvalidOperationException)
        {
            throw new DicomFileException($"{name}: {e.Message}", e);
        }
    }
}
