namespace DicomAiNode.Dicom.Data;

/// <summary>A read-only, seekable window [offset, offset + length) of a seekable stream.</summary>
internal sealed class SubStream : Stream
{
    private readonly Stream _inner;
    private readonly long _offset;
    private readonly long _length;
    private readonly bool _ownsInner;
    private readonly object? _gate;
    private long _position;

    /// <param name="gate">When several readers share <paramref name="inner"/>, a lock taken around each seek-and-read.</param>
    public SubStream(Stream inner, long offset, long length, bool ownsInner, object? gate = null)
    {
        _inner = inner;
        _offset = offset;
        _length = length;
        _ownsInner = ownsInner;
        _gate = gate;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long remaining = _length - _position;
        if (remaining <= 0)
        {
            return 0;
        }
        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }
        int n;
        if (_gate is null)
        {
            _inner.Position = _offset + _position;
            n = _inner.Read(buffer);
        }
        else
        {
            lock (_gate)
            {
                _inner.Position = _offset + _position;
                n = _inner.Read(buffer);
            }
        }
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
