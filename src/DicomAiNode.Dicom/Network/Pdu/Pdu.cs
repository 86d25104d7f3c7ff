using System.Buffers;

namespace DicomAiNode.Dicom.Network;

/// <summary>A protocol data unit of the DICOM upper layer (PS3.8 §9.3). All multi-byte fields are big-endian.</summary>
public abstract record Pdu
{
    /// <summary>PS3.8 §9.3.1: every PDU starts with type (1), reserved (1) and a 4-byte length of what follows.</summary>
    public const int HeaderLength = 6;

    public abstract PduType Type { get; }

    /// <summary>Encodes the whole PDU, header included.</summary>
    public byte[] ToArray()
    {
        var writer = new PduBuilder(64);
        writer.WriteByte((byte)Type);
        writer.WriteByte(0);
        int length = writer.BeginLength32();
        WriteBody(writer);
        writer.EndLength32(length);
        return writer.ToArray();
    }

    /// <summary>Appends the encoded PDU to <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output) => output.Write(ToArray());

    private protected abstract void WriteBody(PduBuilder writer);

    internal void WriteBodyForTests(PduBuilder writer) => WriteBody(writer);
}
