namespace DicomAiNode.Dicom.IO;

/// <summary>Bytes already buffered followed by the rest of a stream, read forward only (the input of inflate).</summary>
internal sealed class ConcatenatedStream : Stream
{
    private readonly byte[] _head;
    private readonly Stream _tail;
    private int _headPosition;

    public ConcatenatedStream(byte[] head, Stream tail)
    {
        _head = head;
        _tail = tail;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Whether the data starts with a zlib header (RFC 1950 2.2: CMF 0x78 and a check value making CMF·256+FLG divisible by 31).</summary>
    public bool PeekZlibHeader() =>
        _head.Length - _headPosition >= 2 && _head[_headPosition] == 0x78 && ((_head[_headPosition] << 8) | _head[_headPosition + 1]) % 31 == 0;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < _head.Length)
        {
            int n = Math.Min(buffer.Length, _head.Length - _headPosition);
            _head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
            return n;
        }
        return _tail.Read(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
