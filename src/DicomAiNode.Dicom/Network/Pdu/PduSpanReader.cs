using System.Buffers.Binary;
using System.Text;

namespace DicomAiNode.Dicom.Network;

/// <summary>Bounds-checked big-endian reader over a PDU or item; every overrun is a <see cref="PduDecodingException"/>.</summary>
internal ref struct PduSpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _context;
    private int _position;

    public PduSpanReader(ReadOnlySpan<byte> data, string context)
    {
        _data = data;
        _context = context;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly int Position => _position;

    public byte ReadByte()
    {
        Need(1, "a byte");
        return _data[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "a 2-byte field");
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4, "a 4-byte field");
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        Need(count, what);
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public void Skip(int count) => ReadBytes(count, "reserved bytes");

    /// <summary>Reads an item header (type, reserved, 2-byte length) and returns the item's value field.</summary>
    public ReadOnlySpan<byte> ReadItem(out byte itemType)
    {
        itemType = ReadByte();
        Skip(1); // PS3.8 §9.3.1: reserved fields are not tested on receipt
        int length = ReadUInt16();
        return ReadBytes(length, $"item {itemType:X2}H of {length} bytes");
    }

    private readonly void Need(int count, string what)
    {
        if (count > Remaining)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue,
                $"{_context}: truncated at offset {_position}: {what} needs {count} bytes, {Remaining} left.");
        }
    }

    /// <summary>A UID field of an item: ASCII digits and dots, at most 64 characters; trailing NUL/space padding is tolerated.</summary>
    public static string DecodeUid(ReadOnlySpan<byte> value, string what)
    {
        value = TrimPadding(value);
        if (value.Length is 0 or > 64)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{what}: UID of {value.Length} characters (must be 1–64, PS3.5 §9.1).");
        }
        foreach (byte b in value)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.'))
            {
                throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{what}: UID '{Printable(value)}' contains a byte {b:X2}H that is neither a digit nor '.' (PS3.5 §9.1).");
            }
        }
        return Encoding.ASCII.GetString(value);
    }

    /// <summary>PS3.8 §9.3.2: AE titles are 16 bytes; leading and trailing spaces are not significant (PS3.5 §6.2).</summary>
    public static string DecodeAETitle(ReadOnlySpan<byte> value, string what)
    {
        foreach (byte b in value)
        {
            if (b is < 0x20 or > 0x7E or (byte)'\\')
            {
                if (b == 0)
                {
                    continue; // some implementations pad with NUL instead of space
                }
                throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{what}: AE title contains the byte {b:X2}H (PS3.5 §6.2 allows printable characters except '\\').");
            }
        }
        return Encoding.ASCII.GetString(value).Trim(' ', '\0');
    }

    public static string Printable(ReadOnlySpan<byte> value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in value)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }
        return sb.ToString();
    }

    private static ReadOnlySpan<byte> TrimPadding(ReadOnlySpan<byte> value)
    {
        int end = value.Length;
        while (end > 0 && value[end - 1] is 0 or (byte)' ')
        {
            end--;
        }
        return value[..end];
    }
}
