using System.Numerics;
using System.Runtime.CompilerServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Reads the bits of one JPEG-LS entropy-coded segment, most significant bit first. JPEG-LS stuffs no zero byte after
/// X'FF' (marker bit stuffing, T.87 A.1): the next byte carries only 7 bits, its high bit being a stuffed 0, so a X'FF'
/// followed by a byte of 0x80 or more is a marker and ends the segment.
/// </summary>
internal ref struct JpegLsBitReader
{
    /// <summary>Bytes past the end of the segment that may be read ahead as zeros before the data is called truncated.</summary>
    private const int MaxReadAhead = 16;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _end;
    private ulong _cache;
    private int _bits;
    private int _padding;
    private bool _afterFF;

    public JpegLsBitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Where the marker that ended the current segment starts (the data's length when none was found).</summary>
    public readonly int SegmentEnd => _end;

    /// <summary>Starts a new segment at <paramref name="start"/>: it runs up to the next marker.</summary>
    public void Start(int start)
    {
        _position = start;
        _end = FindMarker(_data, start);
        _cache = 0;
        _bits = 0;
        _padding = 0;
        _afterFF = false;
    }

    /// <summary>True when the decoder used bits beyond the segment's last byte (it ended too early).</summary>
    public readonly bool IsOverrun => (_padding * 8) > _bits;

    /// <summary>Reads <paramref name="count"/> bits (0 to 32) as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Read(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (_bits < count)
        {
            Fill();
        }

        int value = (int)(_cache >> (64 - count));
        _cache <<= count;
        _bits -= count;
        return value;
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        if (_bits == 0)
        {
            Fill();
        }

        int value = (int)(_cache >> 63);
        _cache <<= 1;
        _bits--;
        return value;
    }

    /// <summary>
    /// Counts the zeros before the next 1 bit and consumes them with the 1 (at most 56 zeros are seen; a longer run
    /// is returned as 57 and nothing is consumed, which no limited-length code allows, T.87 A.5.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadUnary()
    {
        if (_bits <= 56)
        {
            Fill();
        }

        int zeros = BitOperations.LeadingZeroCount(_cache);
        if (zeros >= 57)
        {
            return 57;
        }

        _cache <<= zeros + 1;
        _bits -= zeros + 1;
        return zeros;
    }

    private void Fill()
    {
        while (_bits <= 56)
        {
            if (_position < _end)
            {
                uint b = _data[_position++];
                if (_afterFF)
                {
                    // After X'FF' the high bit is a stuffed 0; only the low 7 bits carry data.
                    _cache |= (ulong)b << (57 - _bits);
                    _bits += 7;
                }
                else
                {
                    _cache |= (ulong)b << (56 - _bits);
                    _bits += 8;
                }

                _afterFF = b == 0xFF;
            }
            else
            {
                if (++_padding > MaxReadAhead)
                {
                    throw new DicomPixelDataException("the entropy-coded data ends before the scan's last sample (truncated or corrupt)");
                }

                _bits += 8;
            }
        }
    }

    /// <summary>The start of the first marker (X'FF' then a byte of 0x80 or more) at or after <paramref name="start"/>.</summary>
    private static int FindMarker(ReadOnlySpan<byte> data, int start)
    {
        int position = start;
        while (position < data.Length)
        {
            int found = data[position..].IndexOf((byte)0xFF);
            if (found < 0)
            {
                return data.Length;
            }

            position += found;
            if (position + 1 >= data.Length || data[position + 1] >= 0x80)
            {
                return position;
            }

            position += 2;
        }

        return data.Length;
    }
}
