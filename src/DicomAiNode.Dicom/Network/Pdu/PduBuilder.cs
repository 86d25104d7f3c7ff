using System.Buffers.Binary;
using System.Text;

namespace DicomAiNode.Dicom.Network;

/// <summary>Growable big-endian writer with back-patched length fields, for the (small) association PDUs.</summary>
internal sealed class PduBuilder
{
    private byte[] _buffer;
    private int _position;

    public PduBuilder(int capacity) => _buffer = new byte[Math.Max(16, capacity)];

    public int Position => _position;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void WriteZeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(_position, count).Clear();
        _position += count;
    }

    public void WriteAscii(string value)
    {
        Ensure(value.Length);
        _position += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>PS3.8 §9.3.2: AE titles occupy 16 bytes, padded with spaces (20H).</summary>
    public void WriteAETitle(string value)
    {
        if (value.Length is 0 or > 16)
        {
            throw new ArgumentException($"AE title '{value}' must have 1 to 16 characters (PS3.5 §6.2, VR AE).", nameof(value));
        }
        Ensure(16);
        int written = Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_position));
        _buffer.AsSpan(_position + written, 16 - written).Fill((byte)' ');
        _position += 16;
    }

    /// <summary>
    /// PS3.8 §9.3.2 / §9.3.3: protocol version, reserved, called and calling AE titles, 32 reserved bytes, then the
    /// application context item — the same in A-ASSOCIATE-RQ and -AC.
    /// </summary>
    public void WriteAssociateFixedPart(ushort protocolVersion, string calledAETitle, string callingAETitle, string applicationContextName)
    {
        WriteUInt16(protocolVersion);
        WriteZeros(2);
        WriteAETitle(calledAETitle);
        WriteAETitle(callingAETitle);
        WriteZeros(32);
        WriteUidItem(PduItemType.ApplicationContext, applicationContextName);
    }

    public int BeginLength16()
    {
        int at = _position;
        WriteUInt16(0);
        return at;
    }

    public void EndLength16(int at)
    {
        int length = _position - at - 2;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"Item of {length} bytes exceeds the 16-bit item length field (PS3.8 §9.3.2).");
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)length);
    }

    public int BeginLength32()
    {
        int at = _position;
        WriteUInt32(0);
        return at;
    }

    public void EndLength32(int at) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), (uint)(_position - at - 4));

    /// <summary>Writes an item: type (1), reserved (1), 2-byte length, then what <paramref name="body"/> writes.</summary>
    public void WriteItem(byte itemType, Action<PduBuilder> body)
    {
        WriteByte(itemType);
        WriteByte(0);
        int at = BeginLength16();
        body(this);
        EndLength16(at);
    }

    public void WriteUidItem(byte itemType, string uid) => WriteItem(itemType, w => w.WriteAscii(uid));

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    private void Ensure(int count)
    {
        if (_position + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + count));
        }
    }
}
