namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Reads packet header bits (T.800 B.10.1): most significant bit first; after a 0xFF byte the next byte carries only
/// 7 bits (its first bit is a stuffed 0). Running out of data is malformed: the header is never truncated legitimately.
/// </summary>
internal struct Jpeg2000PacketBitReader(byte[] data, int position, int end)
{
    private int _buffer;
    private int _bits;
    private bool _lastWasFF;

    public int Position { readonly get; private set; } = position;

    public int ReadBit()
    {
        if (_bits == 0)
        {
            if (Position >= end)
            {
                throw new DicomPixelDataException("a packet header runs past the end of the tile's data");
            }
            _buffer = data[Position++];
            _bits = _lastWasFF ? 7 : 8;
            _lastWasFF = _buffer == 0xFF;
        }
        _bits--;
        return (_buffer >> _bits) & 1;
    }

    public int ReadBits(int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 1) | ReadBit();
        }
        return value;
    }

    /// <summary>Ends the header at a byte boundary; a final 0xFF is followed by a stuffed byte (B.10.1).</summary>
    public void AlignToByte()
    {
        _bits = 0;
        if (_lastWasFF)
        {
            if (Position >= end)
            {
                throw new DicomPixelDataException("a packet header runs past the end of the tile's data");
            }
            Position++;
            _lastWasFF = false;
        }
    }

    /// <summary>Moves to <paramref name="position"/>, a byte boundary, for the next packet.</summary>
    public void Seek(int position)
    {
        Position = position;
        _bits = 0;
        _lastWasFF = false;
    }
}
