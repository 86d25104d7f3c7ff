using System.Runtime.CompilerServices;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Reads the bits of one entropy-coded segment of a JPEG scan (ITU-T T.81 F.2.2.5): most significant bit first, a zero
/// byte after each X'FF' data byte removed (B.1.1.5), stopping at the first marker. Past the marker (or the end of the
/// data) it supplies zero bits and counts them, so that a segment that ends too early is reported instead of decoded
/// from invented bits.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _frame;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _missing;

    public JpegBitReader(ReadOnlySpan<byte> data, int position, int frame)
    {
        _data = data;
        _position = position;
        _frame = frame;
    }

    /// <summary>Where reading stopped: the first byte of the marker that ends the segment once it is fully read.</summary>
    public readonly int Position => _position;

    /// <summary>
    /// Decodes one difference (T.81 H.1.2.2 / F.2.2.1): the Huffman-coded category SSSS, then SSSS extra bits; SSSS = 16
    /// stands for 32768 and has no extra bits (Table H.2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeDifference(JpegHuffmanTable table)
    {
        if (_count < 32)
        {
            Fill(); // a category code and its extra bits take at most 16 + 15 bits
        }

        int entry = table.Lookup[(int)(_bits >> (64 - JpegHuffmanTable.LookupBits))];
        if ((entry & JpegHuffmanTable.Complete) != 0)
        {
            int used = entry & 0xFF;
            _bits <<= used;
            _count -= used;
            return entry >> 9;
        }

        int category;
        if (entry != 0)
        {
            int length = entry & 0xFF;
            _bits <<= length;
            _count -= length;
            category = entry >> 9;
        }
        else
        {
            category = DecodeLongCode(table);
        }

        if (category == 0)
        {
            return 0;
        }

        if (category == 16)
        {
            return 32768;
        }

        int value = (int)(_bits >> (64 - category));
        _bits <<= category;
        _count -= category;

        // F.2.2.1 EXTEND: a leading 0 bit marks a negative difference.
        return value < (1 << (category - 1)) ? value - (1 << category) + 1 : value;
    }

    /// <summary>
    /// Ends the segment: checks that no invented bit was used (else the data is truncated) and returns the position of
    /// the marker that follows, past any bytes left after the last sample.
    /// </summary>
    public readonly int Finish(string what)
    {
        if (_count < _missing)
        {
            throw JpegLosslessCodec.Malformed(_frame, $"the entropy-coded data of {what} ends before its last sample (truncated at byte {_position})");
        }

        // Every sample is decoded, so whatever entropy-coded bytes remain before the next marker (padding, or extra
        // bytes some encoders leave) cannot change a pixel: skip them, as a robust decoder resynchronises at the
        // marker, instead of losing the frame. The reader never loads a marker, so the search starts where it stopped.
        return NextMarker(_data, _position);
    }

    /// <summary>The position of the next marker (X'FF' followed by neither X'00' nor X'FF') at or after <paramref name="from"/>, or the end.</summary>
    private static int NextMarker(ReadOnlySpan<byte> data, int from)
    {
        for (int i = from; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] is not (0x00 or 0xFF))
            {
                return i;
            }
        }

        return data.Length;
    }

    private int DecodeLongCode(JpegHuffmanTable table)
    {
        // F.2.2.3 DECODE: the code is the first l bits whose value does not exceed MAXCODE(l).
        for (int length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
        {
            int code = (int)(_bits >> (64 - length));
            if (code <= table.MaxCode[length])
            {
                _bits <<= length;
                _count -= length;
                return table.Values[table.ValuePointer[length] + code - table.MinCode[length]];
            }
        }

        throw JpegLosslessCodec.Malformed(_frame, $"a Huffman code before byte {_position} is not in table {table.Id}");
    }

    private void Fill()
    {
        if (_count < _missing)
        {
            throw JpegLosslessCodec.Malformed(_frame, $"the entropy-coded data ends before the scan's last sample (truncated at byte {_position})");
        }

        while (_count <= 56)
        {
            int value = 0;
            if (_missing == 0 && _position < _data.Length)
            {
                value = _data[_position];
                if (value != 0xFF)
                {
                    _position++;
                }
                else if (_position + 1 < _data.Length && _data[_position + 1] == 0)
                {
                    _position += 2; // B.1.1.5: X'FF00' is a data byte X'FF'
                }
                else
                {
                    value = 0; // a marker: the segment ends here
                    _missing += 8;
                }
            }
            else
            {
                _missing += 8;
            }

            _bits |= (ulong)value << (56 - _count);
            _count += 8;
        }
    }
}
