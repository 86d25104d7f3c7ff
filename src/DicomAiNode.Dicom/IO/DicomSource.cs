using System.Buffers;
using System.Buffers.Binary;

namespace DicomAiNode.Dicom.IO;

/// <summary>
/// Buffered forward reader over a stream that knows its absolute position, so that values can be left in a seekable
/// source and so that lying length fields can be checked against what the source still holds.
/// </summary>
internal sealed class DicomSource : IDisposable
{
    // Seekable sources skip large values, so a small buffer suffices and keeps header reads short; streams read more at once.
    private const int FileBufferSize = 16 * 1024;
    private const int StreamBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _length;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _streamPosition;

    public DicomSource(Stream stream)
    {
        _stream = stream;
        CanSeek = stream.CanSeek;
        _streamPosition = CanSeek ? stream.Position : 0;
        _length = CanSeek ? stream.Length : long.MaxValue;
        _buffer = ArrayPool<byte>.Shared.Rent(CanSeek ? FileBufferSize : StreamBufferSize);
    }

    public Stream Stream => _stream;

    public bool CanSeek { get; }

    /// <summary>Absolute position of the next byte to read.</summary>
    public long Position => _streamPosition - (_end - _start);

    /// <summary>Bytes left in the source; <see cref="long.MaxValue"/> when unknown (not seekable).</summary>
    public long Remaining => CanSeek ? _length - Position : long.MaxValue;

    public int Buffered => _end - _start;

    /// <summary>Makes at least <paramref name="count"/> (≤ 16 KiB) bytes available; false if the source ends first.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n <= 0)
            {
                return false;
            }
            _end += n;
            _streamPosition += n;
        }
        return true;
    }

    /// <summary>The next <paramref name="count"/> bytes without consuming them (call <see cref="Ensure"/> first).</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public void Advance(int count) => _start += count;

    public ushort ReadUInt16(bool bigEndian)
    {
        var span = _buffer.AsSpan(_start, 2);
        _start += 2;
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32(bool bigEndian)
    {
        var span = _buffer.AsSpan(_start, 4);
        _start += 4;
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    /// <summary>Fills <paramref name="destination"/>; false if the source ends first.</summary>
    public bool TryRead(Span<byte> destination)
    {
        int fromBuffer = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, fromBuffer).CopyTo(destination);
        _start += fromBuffer;
        int total = fromBuffer;
        if (total == destination.Length)
        {
            return true;
        }
        if (destination.Length - total < _buffer.Length / 2)
        {
            if (!Ensure(destination.Length - total))
            {
                return false;
            }
            _buffer.AsSpan(_start, destination.Length - total).CopyTo(destination[total..]);
            _start += destination.Length - total;
            return true;
        }
        while (total < destination.Length)
        {
            int n = _stream.Read(destination[total..]);
            if (n <= 0)
            {
                return false;
            }
            total += n;
            _streamPosition += n;
        }
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes (seeking when possible); false if the source ends first.</summary>
    public bool Skip(long count)
    {
        int fromBuffer = (int)Math.Min(count, _end - _start);
        _start += fromBuffer;
        count -= fromBuffer;
        if (count == 0)
        {
            return true;
        }
        if (CanSeek)
        {
            if (_streamPosition + count > _length)
            {
                return false;
            }
            _streamPosition += count;
            _stream.Position = _streamPosition;
            _start = _end = 0;
            return true;
        }
        while (count > 0)
        {
            int n = _stream.Read(_buffer, 0, (int)Math.Min(count, _buffer.Length));
            if (n <= 0)
            {
                return false;
            }
            _streamPosition += n;
            count -= n;
        }
        _start = _end = 0;
        return true;
    }

    /// <summary>Whether every byte left in the source is zero (trailing padding some writers leave).</summary>
    public bool RestIsZero()
    {
        while (Ensure(1))
        {
            if (_buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }
            _start = _end;
        }
        return true;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
