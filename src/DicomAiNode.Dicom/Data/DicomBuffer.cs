namespace DicomAiNode.Dicom.Data;

/// <summary>
/// The bytes of one value, held in memory or left in a file or seekable stream and read on demand.
/// Binary values are always presented in little endian byte order, whatever the transfer syntax they were read from.
/// </summary>
public abstract class DicomBuffer
{
    /// <summary>An empty value.</summary>
    public static DicomBuffer Empty { get; } = new MemoryDicomBuffer(ReadOnlyMemory<byte>.Empty);

    /// <summary>The length of the value in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>True when the bytes stay in the source and are read on each access.</summary>
    public abstract bool IsLazy { get; }

    /// <summary>The whole value in memory. For a lazy buffer each call reads it again (nothing is cached, so memory stays bounded).</summary>
    public abstract ReadOnlyMemory<byte> Data { get; }

    /// <summary>A read-only stream over the value, which does not need the whole value in memory for a lazy buffer.</summary>
    public abstract Stream OpenRead();

    /// <summary>Copies <paramref name="count"/> bytes starting at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    /// <summary>Writes the value to <paramref name="destination"/> without holding it in memory at once.</summary>
    public virtual void WriteTo(Stream destination)
    {
        using var source = OpenRead();
        source.CopyTo(destination, 81920);
    }

    /// <summary>Asynchronous <see cref="WriteTo"/>.</summary>
    public virtual async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var source = OpenRead();
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For buffers that read from a source: the whole value in a new array, by <see cref="CopyTo"/>.</summary>
    protected ReadOnlyMemory<byte> ReadWhole(string where)
    {
        if (Length > Array.MaxLength)
        {
            throw new DicomDataException($"The value {where} ({Length} bytes) is too large to load at once; use OpenRead().");
        }
        var data = new byte[Length];
        CopyTo(0, data);
        return data;
    }

    /// <summary>Reverses the byte order of each <paramref name="unitSize"/>-byte unit in place (big endian ↔ little endian).</summary>
    internal static void Swap(Span<byte> data, int unitSize)
    {
        switch (unitSize)
        {
            case 2:
                for (int i = 0; i + 1 < data.Length; i += 2)
                {
                    (data[i], data[i + 1]) = (data[i + 1], data[i]);
                }
                break;
            case 4:
            case 8:
                for (int i = 0; i + unitSize <= data.Length; i += unitSize)
                {
                    data.Slice(i, unitSize).Reverse();
                }
                break;
            default:
                break;
        }
    }
}
