using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>A DICOM Part 10 file (PS3.10 7): file meta information, the data set, and its transfer syntax.</summary>
public sealed class DicomFile
{
    /// <summary>A new file for <paramref name="dataset"/>; the meta information is built on saving.</summary>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax? transferSyntax = null)
        : this(new DicomDataset(), dataset, transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, null)
    {
    }

    internal DicomFile(DicomDataset fileMetaInfo, DicomDataset dataset, DicomTransferSyntax transferSyntax, string? filePath)
    {
        FileMetaInfo = fileMetaInfo;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        FilePath = filePath;
    }

    /// <summary>The file meta information group (0002,xxxx) as read; rebuilt on saving.</summary>
    public DicomDataset FileMetaInfo { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax of the data set (from the meta information, or guessed when the file has none).</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>The file this was read from; large values may still be read from it on demand.</summary>
    public string? FilePath { get; }

    /// <summary>Reads a file; large values and pixel data stay in it and are read on demand (the file must stay in place).</summary>
    /// <exception cref="DicomFileException">Not DICOM, malformed or truncated; the message names the file, tag and offset.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        var fullPath = Path.GetFullPath(path);
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        return DicomReader.ReadFile(stream, options ?? DicomReadOptions.Default, fullPath);
    }

    /// <summary>Reads a file; see <see cref="Open(string, DicomReadOptions?)"/>.</summary>
    public static Task<DicomFile> OpenAsync(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open(path, options));
    }

    /// <summary>
    /// Reads a file from a stream. Values are read into memory unless <see cref="DicomReadOptions.DeferValuesInStreams"/> is set
    /// and the stream is seekable (the caller then keeps it open).
    /// </summary>
    public static DicomFile Open(Stream stream, DicomReadOptions? options = null) =>
        DicomReader.ReadFile(stream, options ?? DicomReadOptions.Default, null);

    /// <summary>
    /// Reads a file from a stream. A non-seekable stream (e.g. a network stream) is first read to its end asynchronously;
    /// spool large objects to a file and use <see cref="Open(string, DicomReadOptions?)"/> to keep memory bounded.
    /// </summary>
    public static async Task<DicomFile> OpenAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (stream.CanSeek)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Open(stream, options);
        }
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return Open(buffer, options);
    }

    /// <summary>
    /// The same data set in another transfer syntax: between the uncompressed ones (Implicit LE ↔ Explicit LE ↔ Explicit BE ↔
    /// Deflated) values are shared; to or from RLE Lossless, from JPEG-LS, and for 32-bit pixel data changing byte order, the
    /// pixel data is transcoded by <see cref="Imaging.DicomPixelData"/> on a copy of the data set.
    /// </summary>
    /// <exception cref="DicomDataException">Either syntax is a compressed one without a codec here (JPEG family).</exception>
    public DicomFile ChangeTransferSyntax(DicomTransferSyntax syntax)
    {
        if (syntax != TransferSyntax && Dataset.Contains(DicomTag.PixelData)
            && Imaging.DicomPixelData.CanDecode(TransferSyntax) && Imaging.DicomPixelData.CanEncode(syntax))
        {
            // Native <-> RLE Lossless, JPEG-LS -> native or RLE, and native byte order changes, by the pixel data codec (on a copy of the data set).
            var copy = Dataset.Clone();
            Imaging.DicomPixelData.Transcode(copy, TransferSyntax, syntax);
            return new DicomFile(FileMetaInfo, copy, syntax, FilePath);
        }
        if (Dataset.GetItem(DicomTag.PixelData) is DicomFragmentSequence && !syntax.IsEncapsulated)
        {
            throw new DicomDataException($"The pixel data is compressed in {TransferSyntax}; decoding it to {syntax} needs a codec.");
        }
        if (syntax.IsEncapsulated && syntax != TransferSyntax)
        {
            throw new DicomDataException($"Compressing to {syntax} is not supported; transcode only between uncompressed transfer syntaxes.");
        }
        return new DicomFile(FileMetaInfo, Dataset, syntax, FilePath);
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> through a temporary file in the same folder, flushed and then renamed, so
    /// that readers never see a partial file (and saving over the file that lazy values come from is safe).
    /// </summary>
    public void Save(string path, DicomWriteOptions? options = null)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                Save(stream, options);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Asynchronous <see cref="Save(string, DicomWriteOptions?)"/>.</summary>
    public async Task SaveAsync(string path, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await SaveAsync(stream, options, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes preamble, meta information (rebuilt for the current transfer syntax) and data set to <paramref name="stream"/>.</summary>
    public void Save(Stream stream, DicomWriteOptions? options = null) =>
        DicomWriter.WriteFile(stream, DicomFileMetaInformation.Create(Dataset, TransferSyntax, FileMetaInfo), Dataset, TransferSyntax, options);

    /// <summary>Asynchronous <see cref="Save(Stream, DicomWriteOptions?)"/>.</summary>
    public Task SaveAsync(Stream stream, DicomWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        DicomWriter.WriteFileAsync(stream, DicomFileMetaInformation.Create(Dataset, TransferSyntax, FileMetaInfo), Dataset, TransferSyntax, options, cancellationToken);
}
