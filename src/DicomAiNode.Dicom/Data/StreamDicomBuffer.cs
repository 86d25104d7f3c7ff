namespace DicomAiNode.Dicom.Data;

/// <summary>A value left in a seekable stream that stays open (the caller owns it) and read from it on demand.</summary>
public sealed class StreamDicomBuffer : DicomBuffer
{
    private readonly Stream _stream;
    private readonly object _gate;
    private readonly int _swapUnit;

    /// <param name="stream">A seekable stream the caller keeps open while the value is used.</param>
    /// <param name="gate">Lock shared by all buffers of the same stream, taken around each seek-and-read.</param>
    /// <param name="offset">Position of the first byte of the value.</param>
    /// <param name="length">Length of the value in bytes.</param>
    /// <param name="swapUnit">For big endian values, the size of the units reversed on reading; 1 for none.</param>
    public StreamDicomBuffer(Stream stream, object gate, long offset, long length, int swapUnit = 1)
    {
        _stream = stream;
        _gate = gate;
        Offset = offset;
        Length = length;
        _swapUnit = swapUnit;
    }

    public long Offset { get; }

    public override long Length { get; }

    public override bool IsLazy => true;

    public override ReadOnlyMemory<byte> Data => ReadWhole($"at offset {Offset}");

    public override Stream OpenRead() =>
        _swapUnit > 1 ? new MemoryStream(Data.ToArray(), writable: false) : new SubStream(_stream, Offset, Length, ownsInner: false, _gate);

    public override void CopyTo(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset}..{offset + destination.Length} lie outside the {Length}-byte value.");
        }
        lock (_gate)
        {
            _stream.Position = Offset + offset;
            try
            {
                _stream.ReadExactly(destination);
            }
            catch (EndOfStreamException e)
            {
                throw new DicomDataException($"The stream ends before the value at offset {Offset} (length {Length}).", e);
            }
        }
        if (_swapUnit > 1)
        {
            Swap(destination, _swapUnit);
        }
    }
}
