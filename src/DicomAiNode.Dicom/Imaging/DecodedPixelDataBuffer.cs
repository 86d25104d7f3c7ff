using System.Buffers;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Native pixel data produced on demand from another pixel data value (RLE fragments, or big-endian 32-bit words to
/// reorder): frames are decoded one at a time as the value is read or written, so transcoding a large multi-frame
/// object never holds all of its native frames in memory. Frames must be byte-aligned (Bits Allocated ≥ 8).
/// </summary>
internal sealed class DecodedPixelDataBuffer : DicomBuffer
{
    private readonly DicomPixelData _source;
    private readonly bool _bigEndianWords;
    private readonly int _frameLength;
    private readonly long _framesLength;

    /// <param name="source">The pixel data to decode; its frame boundaries must already be known.</param>
    /// <param name="bigEndianWords">Hold 32-bit samples as the reader holds big-endian OW (words swapped).</param>
    public DecodedPixelDataBuffer(DicomPixelData source, bool bigEndianWords)
    {
        _source = source;
        _bigEndianWords = bigEndianWords && source.Info.BitsAllocated == 32;
        _frameLength = source.Info.FrameLength;
        _framesLength = (long)_frameLength * source.Info.NumberOfFrames;
        Length = _framesLength + (_framesLength & 1); // PS3.5 7.1.1: even length
    }

    public override long Length { get; }

    public override bool IsLazy => true;

    public override ReadOnlyMemory<byte> Data
    {
        get
        {
            if (Length > Array.MaxLength)
            {
                throw new DicomPixelDataException($"decoded pixel data of {Length} bytes is too large to hold at once; use OpenRead()");
            }

            var data = new byte[Length];
            CopyTo(0, data);
            return data;
        }
    }

    public override Stream OpenRead() => new FrameStream(this);

    public override void CopyTo(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + destination.Length} lie outside the {Length}-byte value");
        }

        byte[] frame = ArrayPool<byte>.Shared.Rent(_frameLength);
        try
        {
            int written = 0;
            while (written < destination.Length)
            {
                long position = offset + written;
                if (position >= _framesLength)
                {
                    destination[written..].Clear(); // the padding byte
                    return;
                }

                int index = (int)(position / _frameLength);
                int within = (int)(position % _frameLength);
                DecodeFrame(index, frame);
                int count = Math.Min(_frameLength - within, destination.Length - written);
                frame.AsSpan(within, count).CopyTo(destination[written..]);
                written += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    public override void WriteTo(Stream destination)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent(_frameLength);
        try
        {
            for (int index = 0; index < _source.Info.NumberOfFrames; index++)
            {
                DecodeFrame(index, frame);
                destination.Write(frame, 0, _frameLength);
            }

            if (Length > _framesLength)
            {
                destination.WriteByte(0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    public override async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent(_frameLength);
        try
        {
            for (int index = 0; index < _source.Info.NumberOfFrames; index++)
            {
                DecodeFrame(index, frame);
                await destination.WriteAsync(frame.AsMemory(0, _frameLength), cancellationToken).ConfigureAwait(false);
            }

            if (Length > _framesLength)
            {
                await destination.WriteAsync(new byte[1], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private void DecodeFrame(int index, Span<byte> frame)
    {
        var target = frame[.._frameLength];
        _source.CopyFrame(index, target);
        if (_bigEndianWords)
        {
            // Held as the reader holds big-endian OW: each 16-bit word little-endian, the words in big-endian order.
            NativePixelData.SwapToLittleEndian(target, 4);
            NativePixelData.SwapToLittleEndian(target, 2);
        }
    }

    /// <summary>A read-only stream over the value that decodes each frame once.</summary>
    private sealed class FrameStream(DecodedPixelDataBuffer buffer) : Stream
    {
        private readonly byte[] _frame = new byte[buffer._frameLength];
        private int _cached = -1;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => buffer.Length;

        public override long Position
        {
            get => _position;
            set => _position = Math.Clamp(value, 0, buffer.Length);
        }

        public override int Read(byte[] array, int offset, int count) => Read(array.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            if (_position >= buffer.Length || destination.IsEmpty)
            {
                return 0;
            }

            if (_position >= buffer._framesLength)
            {
                destination[0] = 0; // the padding byte
                _position++;
                return 1;
            }

            int index = (int)(_position / buffer._frameLength);
            int within = (int)(_position % buffer._frameLength);
            if (_cached != index)
            {
                buffer.DecodeFrame(index, _frame);
                _cached = index;
            }

            int count = Math.Min(buffer._frameLength - within, destination.Length);
            _frame.AsSpan(within, count).CopyTo(destination);
            _position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => buffer.Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] array, int offset, int count) => throw new NotSupportedException();
    }
}
