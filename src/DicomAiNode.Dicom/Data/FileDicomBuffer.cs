namespace DicomAiNode.Dicom.Data;

/// <summary>A value left in a file (offset, length) and read from it on each access; the file is opened only while reading.</summary>
public sealed class FileDicomBuffer : DicomBuffer
{
    private readonly int _swapUnit;

    /// <param name="path">The file.</param>
    /// <param name="offset">Position of the first byte of the value.</param>
    /// <param name="length">Length of the value in bytes.</param>
    /// <param name="swapUnit">For values stored big endian, the size of the units whose bytes are reversed on reading (2, 4, 8); 1 for none.</param>
    public FileDicomBuffer(string path, long offset, long length, int swapUnit = 1)
    {
        Path = path;
        Offset = offset;
        Length = length;
        _swapUnit = swapUnit;
    }

    public string Path { get; }

    public long Offset { get; }

    public override long Length { get; }

    public override bool IsLazy => true;

    public override ReadOnlyMemory<byte> Data => ReadWhole($"at offset {Offset} of '{Path}'");

    public override Stream OpenRead()
    {
        if (_swapUnit > 1)
        {
            return new MemoryStream(Data.ToArray(), writable: false);
        }
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return new SubStream(file, Offset, Length, ownsInner: true);
    }

    public override void CopyTo(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset}..{offset + destination.Length} lie outside the {Length}-byte value.");
        }
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(handle, destination[total..], Offset + offset + total);
            if (n == 0)
            {
                throw new DicomDataException($"'{Path}' ends before the value at offset {Offset} (length {Length}): the file was truncated or changed after it was opened.");
            }
            total += n;
        }
        if (_swapUnit > 1)
        {
            // Units never straddle the requested range for whole-unit requests; callers of big endian data read whole values.
            Swap(destination, _swapUnit);
        }
    }
}
