using System.Buffers.Binary;
using System.Text;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A DIMSE command set: the group 0000 elements of one message. PS3.7 §6.3.1: always encoded in Implicit VR Little
/// Endian, whatever transfer syntax the presentation context uses, and led by Command Group Length (0000,0000).
/// </summary>
public sealed class DicomCommand
{
    private const uint GroupLengthTag = 0x0000_0000;
    private const uint AffectedSopClassUidTag = 0x0000_0002;
    private const uint RequestedSopClassUidTag = 0x0000_0003;
    private const uint CommandFieldTag = 0x0000_0100;
    private const uint MessageIdTag = 0x0000_0110;
    private const uint MessageIdBeingRespondedToTag = 0x0000_0120;
    private const uint MoveDestinationTag = 0x0000_0600;
    private const uint PriorityTag = 0x0000_0700;
    private const uint CommandDataSetTypeTag = 0x0000_0800;
    private const uint StatusTag = 0x0000_0900;
    private const uint ErrorCommentTag = 0x0000_0902;
    private const uint AffectedSopInstanceUidTag = 0x0000_1000;
    private const uint RequestedSopInstanceUidTag = 0x0000_1001;
    private const uint MoveOriginatorAETitleTag = 0x0000_1030;
    private const uint MoveOriginatorMessageIdTag = 0x0000_1031;

    /// <summary>PS3.7 §9.3: Command Data Set Type 0101H means that no data set follows.</summary>
    public const ushort NoDataSet = 0x0101;

    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public DimseCommandField CommandField
    {
        get => (DimseCommandField)GetUInt16(CommandFieldTag);
        set => SetUInt16(CommandFieldTag, (ushort)value);
    }

    public ushort MessageId
    {
        get => GetUInt16(MessageIdTag);
        set => SetUInt16(MessageIdTag, value);
    }

    public ushort MessageIdBeingRespondedTo
    {
        get => GetUInt16(MessageIdBeingRespondedToTag);
        set => SetUInt16(MessageIdBeingRespondedToTag, value);
    }

    public string? AffectedSopClassUid
    {
        get => GetString(AffectedSopClassUidTag);
        set => SetString(AffectedSopClassUidTag, value, 0);
    }

    public string? RequestedSopClassUid
    {
        get => GetString(RequestedSopClassUidTag);
        set => SetString(RequestedSopClassUidTag, value, 0);
    }

    public string? AffectedSopInstanceUid
    {
        get => GetString(AffectedSopInstanceUidTag);
        set => SetString(AffectedSopInstanceUidTag, value, 0);
    }

    public string? RequestedSopInstanceUid
    {
        get => GetString(RequestedSopInstanceUidTag);
        set => SetString(RequestedSopInstanceUidTag, value, 0);
    }

    public ushort Priority
    {
        get => GetUInt16(PriorityTag);
        set => SetUInt16(PriorityTag, value);
    }

    public ushort CommandDataSetType
    {
        get => GetUInt16(CommandDataSetTypeTag, NoDataSet);
        set => SetUInt16(CommandDataSetTypeTag, value);
    }

    public bool HasDataSet => CommandDataSetType != NoDataSet;

    public DicomStatus Status
    {
        get => new(GetUInt16(StatusTag));
        set => SetUInt16(StatusTag, value.Code);
    }

    public string? ErrorComment
    {
        get => GetString(ErrorCommentTag);
        set => SetString(ErrorCommentTag, value is { Length: > 64 } ? value[..64] : value, (byte)' ');
    }

    public string? MoveDestination
    {
        get => GetString(MoveDestinationTag);
        set => SetString(MoveDestinationTag, value, (byte)' ');
    }

    public string? MoveOriginatorAETitle
    {
        get => GetString(MoveOriginatorAETitleTag);
        set => SetString(MoveOriginatorAETitleTag, value, (byte)' ');
    }

    public ushort? MoveOriginatorMessageId
    {
        get => _elements.ContainsKey(MoveOriginatorMessageIdTag) ? GetUInt16(MoveOriginatorMessageIdTag) : null;
        set
        {
            if (value is { } v)
            {
                SetUInt16(MoveOriginatorMessageIdTag, v);
            }
            else
            {
                _elements.Remove(MoveOriginatorMessageIdTag);
            }
        }
    }

    public bool IsRequest => ((ushort)CommandField & 0x8000) == 0;

    public bool Contains(ushort element) => _elements.ContainsKey(element);

    /// <summary>C-ECHO-RQ (PS3.7 §9.3.5.1).</summary>
    public static DicomCommand CreateEchoRequest(ushort messageId) => new()
    {
        CommandField = DimseCommandField.CEchoRequest,
        MessageId = messageId,
        AffectedSopClassUid = DicomUids.Verification,
        CommandDataSetType = NoDataSet,
    };

    /// <summary>C-STORE-RQ (PS3.7 §9.3.1.1); priority 0 = medium.</summary>
    public static DicomCommand CreateStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, string? moveOriginatorAETitle = null, ushort? moveOriginatorMessageId = null)
    {
        var command = new DicomCommand
        {
            CommandField = DimseCommandField.CStoreRequest,
            MessageId = messageId,
            AffectedSopClassUid = sopClassUid,
            AffectedSopInstanceUid = sopInstanceUid,
            Priority = 0,
            CommandDataSetType = 0x0000,
        };
        if (moveOriginatorAETitle is not null)
        {
            command.MoveOriginatorAETitle = moveOriginatorAETitle;
            command.MoveOriginatorMessageId = moveOriginatorMessageId;
        }
        return command;
    }

    /// <summary>The response to <paramref name="request"/>: command field with bit 15 set, same SOP class (and instance).</summary>
    public static DicomCommand CreateResponse(DicomCommand request, DicomStatus status, string? errorComment = null)
    {
        var response = new DicomCommand
        {
            CommandField = (DimseCommandField)((ushort)request.CommandField | 0x8000),
            MessageIdBeingRespondedTo = request.MessageId,
            CommandDataSetType = NoDataSet,
            Status = status,
        };
        if (request.AffectedSopClassUid is { } sopClass)
        {
            response.AffectedSopClassUid = sopClass;
        }
        if (request.AffectedSopInstanceUid is { } sopInstance)
        {
            response.AffectedSopInstanceUid = sopInstance;
        }
        if (errorComment is not null && !status.IsSuccess)
        {
            response.ErrorComment = errorComment;
        }
        return response;
    }

    /// <summary>Encodes the command set in Implicit VR Little Endian, Command Group Length first.</summary>
    public byte[] Encode()
    {
        int length = 0;
        foreach (var (tag, value) in _elements)
        {
            if (tag != GroupLengthTag)
            {
                length += 8 + value.Length;
            }
        }
        var bytes = new byte[12 + length];
        var span = bytes.AsSpan();
        WriteElementHeader(span, GroupLengthTag, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)length);
        int at = 12;
        foreach (var (tag, value) in _elements)
        {
            if (tag == GroupLengthTag)
            {
                continue;
            }
            WriteElementHeader(span[at..], tag, value.Length);
            value.CopyTo(span[(at + 8)..]);
            at += 8 + value.Length;
        }
        return bytes;
    }

    /// <summary>Decodes a complete command set; anything outside group 0000 or out of bounds is a <see cref="DimseException"/>.</summary>
    public static DicomCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var command = new DicomCommand();
        int at = 0;
        uint previous = 0;
        bool first = true;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 8)
            {
                throw new DimseException($"Command set truncated at offset {at}: {bytes.Length - at} bytes left, an element header needs 8.");
            }
            ushort group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            ushort element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(at + 2)..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            if (group != 0x0000)
            {
                throw new DimseException($"Command set holds element ({group:X4},{element:X4}) outside group 0000 (PS3.7 §6.3.1).");
            }
            if (length > (uint)(bytes.Length - at - 8))
            {
                throw new DimseException($"Command element (0000,{element:X4}) announces {length} bytes but only {bytes.Length - at - 8} remain (PS3.7 §6.3.1, Implicit VR LE).");
            }
            if (!first && element <= previous)
            {
                throw new DimseException($"Command element (0000,{element:X4}) follows (0000,{previous:X4}): elements must ascend (PS3.5 §7.1).");
            }
            command._elements[element] = bytes.Slice(at + 8, (int)length).ToArray();
            previous = element;
            first = false;
            at += 8 + (int)length;
        }
        if (!command._elements.TryGetValue(GroupLengthTag, out var groupLength) || groupLength.Length != 4)
        {
            throw new DimseException("Command set lacks Command Group Length (0000,0000) (PS3.7 §6.3.1: required).");
        }
        uint announced = BinaryPrimitives.ReadUInt32LittleEndian(groupLength);
        if (announced != (uint)(bytes.Length - 12))
        {
            throw new DimseException($"Command Group Length (0000,0000) says {announced} bytes but {bytes.Length - 12} follow it.");
        }
        foreach (var required in new[] { CommandFieldTag, CommandDataSetTypeTag })
        {
            if (!command._elements.TryGetValue(required, out var v) || v.Length != 2)
            {
                throw new DimseException($"Command set lacks (0000,{required:X4}) or it is not a 2-byte US value (PS3.7 §9.3, §E).");
            }
        }
        return command;
    }

    public override string ToString() =>
        $"{CommandField} id={(IsRequest ? MessageId : MessageIdBeingRespondedTo)} sopClass={AffectedSopClassUid} sopInstance={AffectedSopInstanceUid}"
        + (IsRequest ? "" : $" status={Status}");

    private static void WriteElementHeader(Span<byte> span, uint tag, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)tag);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)length);
    }

    private ushort GetUInt16(uint tag, ushort fallback = 0) =>
        _elements.TryGetValue(tag, out var v) && v.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(v) : fallback;

    private void SetUInt16(uint tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _elements[tag] = bytes;
    }

    private string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out var v) ? Encoding.ASCII.GetString(v).TrimEnd('\0', ' ').TrimStart(' ') : null;

    /// <summary>PS3.5 §6.2: values have even length; UIDs pad with NUL, text with a space.</summary>
    private void SetString(uint tag, string? value, byte pad)
    {
        if (value is null)
        {
            _elements.Remove(tag);
            return;
        }
        int length = value.Length + (value.Length & 1);
        var bytes = new byte[length];
        Encoding.ASCII.GetBytes(value, bytes);
        if (length > value.Length)
        {
            bytes[^1] = pad;
        }
        _elements[tag] = bytes;
    }
}
