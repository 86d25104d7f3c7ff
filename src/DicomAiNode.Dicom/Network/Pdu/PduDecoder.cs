using System.Buffers.Binary;

namespace DicomAiNode.Dicom.Network;

/// <summary>Decodes PDUs (PS3.8 §9.3) with strict validation; violations raise <see cref="PduDecodingException"/>.</summary>
public static class PduDecoder
{
    /// <summary>Reads and validates the 6-byte PDU header: type must be 01H–07H, fixed-size PDUs must announce 4 bytes.</summary>
    public static (PduType Type, uint Length) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < Pdu.HeaderLength)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"PDU header truncated: {header.Length} of 6 bytes.");
        }
        byte type = header[0];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        if (type is < 1 or > 7)
        {
            throw new PduDecodingException(AbortReason.UnrecognizedPdu, $"Unrecognized PDU type {type:X2}H (PS3.8 §9.3.1 defines 01H–07H).");
        }
        var pduType = (PduType)type;
        if (pduType is PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort && length != 4)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{Name(pduType)} PDU announces {length} bytes; PS3.8 §9.3 fixes its length at 4.");
        }
        if (pduType is PduType.AssociateRequest or PduType.AssociateAccept && length < 68)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"{Name(pduType)} PDU announces {length} bytes, less than its 68-byte fixed part (PS3.8 §9.3.2).");
        }
        if (pduType == PduType.DataTransfer && length < PresentationDataValue.HeaderLength)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"P-DATA-TF PDU announces {length} bytes; it must hold at least one PDV item of 6 bytes or more (PS3.8 §9.3.5).");
        }
        return (pduType, length);
    }

    /// <summary>Decodes one complete PDU; its length field must match <paramref name="pdu"/> exactly.</summary>
    public static Pdu Decode(ReadOnlySpan<byte> pdu)
    {
        var (type, length) = ReadHeader(pdu);
        if (length != (uint)(pdu.Length - Pdu.HeaderLength))
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue,
                $"{Name(type)} PDU length field says {length} bytes but {pdu.Length - Pdu.HeaderLength} follow the header.");
        }
        return DecodeBody(type, pdu[Pdu.HeaderLength..]);
    }

    /// <summary>Decodes the variable field of a PDU whose header was already read.</summary>
    public static Pdu DecodeBody(PduType type, ReadOnlySpan<byte> body) => type switch
    {
        PduType.AssociateRequest => DecodeAssociateRequest(body),
        PduType.AssociateAccept => DecodeAssociateAccept(body),
        PduType.AssociateReject => DecodeAssociateReject(body),
        PduType.DataTransfer => new DataTransferPdu(ReadPresentationDataValues(body.ToArray())),
        PduType.ReleaseRequest => Fixed(body, new ReleaseRequestPdu()),
        PduType.ReleaseResponse => Fixed(body, new ReleaseResponsePdu()),
        PduType.Abort => DecodeAbort(body),
        _ => throw new PduDecodingException(AbortReason.UnrecognizedPdu, $"Unrecognized PDU type {(byte)type:X2}H."),
    };

    /// <summary>Splits the variable field of a P-DATA-TF PDU into its PDV items without copying.</summary>
    public static List<PresentationDataValue> ReadPresentationDataValues(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        int offset = 0;
        var span = body.Span;
        while (offset < span.Length)
        {
            var pdv = ReadPresentationDataValueHeader(span[offset..], span.Length - offset, out int fragmentLength);
            values.Add(pdv with { Fragment = body.Slice(offset + PresentationDataValue.HeaderLength, fragmentLength) });
            offset += PresentationDataValue.HeaderLength + fragmentLength;
        }
        if (values.Count == 0)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, "P-DATA-TF PDU holds no PDV item (PS3.8 §9.3.5: one or more).");
        }
        return values;
    }

    /// <summary>
    /// Validates one PDV item header (PS3.8 §9.3.5.1): its length counts the context ID, the control header and the
    /// fragment, must be at least 2 and must fit inside what remains of the PDU.
    /// </summary>
    public static PresentationDataValue ReadPresentationDataValueHeader(ReadOnlySpan<byte> header, int remainingInPdu, out int fragmentLength)
    {
        if (remainingInPdu < PresentationDataValue.HeaderLength || header.Length < PresentationDataValue.HeaderLength)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"P-DATA-TF PDU ends inside a PDV item header ({remainingInPdu} bytes left).");
        }
        uint itemLength = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (itemLength < 2 || itemLength > (uint)(remainingInPdu - 4))
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue,
                $"PDV item length {itemLength} is invalid: it must be at least 2 and at most the {remainingInPdu - 4} bytes left in the P-DATA-TF PDU.");
        }
        byte contextId = header[4];
        if ((contextId & 1) == 0)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, $"PDV presentation context ID {contextId} is even (PS3.8 §9.3.2.2: odd, 1–255).");
        }
        byte control = header[5];
        fragmentLength = (int)itemLength - 2;
        return new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, default);
    }

    private static AssociateRequestPdu DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, info) = DecodeAssociateBody(
            body, "A-ASSOCIATE-RQ", PduItemType.PresentationContextRequest, DecodeProposedContext, isRequest: true, "PS3.8 §9.3.2 allows 10H, 20H, 50H");
        Require(contexts.Count > 0, "A-ASSOCIATE-RQ has no presentation context item (20H); PS3.8 §9.3.2: one or more");
        var seen = new HashSet<byte>();
        foreach (var pc in contexts)
        {
            Require(seen.Add(pc.Id), $"A-ASSOCIATE-RQ proposes presentation context ID {pc.Id} twice (PS3.8 §9.3.2.2: IDs are unique)");
        }
        return new AssociateRequestPdu
        {
            ProtocolVersion = version,
            CalledAETitle = called,
            CallingAETitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = info,
        };
    }

    private static AssociateAcceptPdu DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, info) = DecodeAssociateBody(
            body, "A-ASSOCIATE-AC", PduItemType.PresentationContextAccept, DecodeContextAnswer, isRequest: false, "PS3.8 §9.3.3 allows 10H, 21H, 50H");
        return new AssociateAcceptPdu
        {
            ProtocolVersion = version,
            CalledAETitle = called,
            CallingAETitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = info,
        };
    }

    private delegate T ItemDecoder<out T>(ReadOnlySpan<byte> item);

    /// <summary>
    /// The part A-ASSOCIATE-RQ and -AC share (PS3.8 §9.3.2, §9.3.3): the fixed fields, then exactly one application
    /// context item, presentation context items of one type, and exactly one user information item.
    /// </summary>
    private static (ushort Version, string Called, string Calling, string Context, List<T> Contexts, UserInformation Info)
        DecodeAssociateBody<T>(ReadOnlySpan<byte> body, string name, byte contextItemType, ItemDecoder<T> decodeContext, bool isRequest, string allowedItems)
    {
        var reader = new PduSpanReader(body, name);
        var (version, called, calling) = ReadFixedPart(ref reader, name);
        string? context = null;
        var contexts = new List<T>();
        UserInformation? info = null;
        while (reader.Remaining > 0)
        {
            var item = reader.ReadItem(out byte type);
            if (type == PduItemType.ApplicationContext)
            {
                Require(context is null, $"{name} carries more than one application context item (10H)");
                context = PduSpanReader.DecodeUid(item, "application context name (10H)");
            }
            else if (type == contextItemType)
            {
                contexts.Add(decodeContext(item));
            }
            else if (type == PduItemType.UserInformation)
            {
                Require(info is null, $"{name} carries more than one user information item (50H)");
                info = UserInformationCodec.Read(item, isRequest);
            }
            else
            {
                throw new PduDecodingException(AbortReason.UnrecognizedPduParameter, $"{name}: unrecognized item type {type:X2}H ({allowedItems}).");
            }
        }
        Require(context is not null, $"{name} has no application context item (10H)");
        Require(info is not null, $"{name} has no user information item (50H)");
        return (version, called, calling, context!, contexts, info!);
    }

    private static (ushort Version, string Called, string Calling) ReadFixedPart(ref PduSpanReader reader, string name)
    {
        ushort version = reader.ReadUInt16();
        reader.Skip(2);
        string called = PduSpanReader.DecodeAETitle(reader.ReadBytes(16, "called AE title"), $"{name} called AE title");
        string calling = PduSpanReader.DecodeAETitle(reader.ReadBytes(16, "calling AE title"), $"{name} calling AE title");
        reader.Skip(32);
        return (version, called, calling);
    }

    private static ProposedPresentationContext DecodeProposedContext(ReadOnlySpan<byte> item)
    {
        var reader = new PduSpanReader(item, "presentation context item (20H)");
        byte id = reader.ReadByte();
        Require((id & 1) == 1, $"presentation context ID {id} is even (PS3.8 §9.3.2.2: odd integers 1–255)");
        reader.Skip(3);
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (reader.Remaining > 0)
        {
            var sub = reader.ReadItem(out byte type);
            switch (type)
            {
                case PduItemType.AbstractSyntax:
                    Require(abstractSyntax is null, $"presentation context {id} has more than one abstract syntax sub-item (30H)");
                    abstractSyntax = PduSpanReader.DecodeUid(sub, $"presentation context {id} abstract syntax");
                    break;
                case PduItemType.TransferSyntax:
                    transferSyntaxes.Add(PduSpanReader.DecodeUid(sub, $"presentation context {id} transfer syntax"));
                    break;
                default:
                    throw new PduDecodingException(AbortReason.UnrecognizedPduParameter, $"presentation context {id}: unrecognized sub-item type {type:X2}H (30H or 40H expected).");
            }
        }
        Require(abstractSyntax is not null, $"presentation context {id} has no abstract syntax sub-item (30H)");
        Require(transferSyntaxes.Count > 0, $"presentation context {id} has no transfer syntax sub-item (40H)");
        return new ProposedPresentationContext(id, abstractSyntax!, transferSyntaxes);
    }

    private static PresentationContextAnswer DecodeContextAnswer(ReadOnlySpan<byte> item)
    {
        var reader = new PduSpanReader(item, "presentation context item (21H)");
        byte id = reader.ReadByte();
        Require((id & 1) == 1, $"presentation context ID {id} is even (PS3.8 §9.3.3.2: odd integers 1–255)");
        reader.Skip(1);
        byte result = reader.ReadByte();
        Require(result <= 4, $"presentation context {id} result {result} is not 0–4 (PS3.8 Table 9-18)");
        reader.Skip(1);
        string? transferSyntax = null;
        while (reader.Remaining > 0)
        {
            var sub = reader.ReadItem(out byte type);
            Require(type == PduItemType.TransferSyntax, $"presentation context {id} answer holds sub-item {type:X2}H; PS3.8 §9.3.3.2 allows one transfer syntax sub-item (40H) only");
            Require(transferSyntax is null, $"presentation context {id} answer holds more than one transfer syntax sub-item");
            // The TS sub-item of a rejected context is not significant; some peers leave it empty.
            transferSyntax = result == 0 || sub.Length > 0 ? PduSpanReader.DecodeUid(sub, $"presentation context {id} transfer syntax") : "";
        }
        Require(transferSyntax is not null || result != 0, $"accepted presentation context {id} names no transfer syntax (PS3.8 §9.3.3.2)");
        return new PresentationContextAnswer(id, (PresentationContextResult)result, transferSyntax ?? "");
    }

    private static AssociateRejectPdu DecodeAssociateReject(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body, "A-ASSOCIATE-RJ");
        reader.Skip(1);
        byte result = reader.ReadByte();
        byte source = reader.ReadByte();
        byte reason = reader.ReadByte();
        Require(result is 1 or 2, $"A-ASSOCIATE-RJ result {result} is not 1 or 2 (PS3.8 Table 9-21)");
        Require(source is >= 1 and <= 3, $"A-ASSOCIATE-RJ source {source} is not 1–3 (PS3.8 Table 9-21)");
        return new AssociateRejectPdu((AssociateRejectResult)result, (AssociateRejectSource)source, (AssociateRejectReason)reason);
    }

    private static AbortPdu DecodeAbort(ReadOnlySpan<byte> body)
    {
        var reader = new PduSpanReader(body, "A-ABORT");
        reader.Skip(2);
        byte source = reader.ReadByte();
        byte reason = reader.ReadByte();
        Require(source <= 2, $"A-ABORT source {source} is not 0–2 (PS3.8 Table 9-26)");
        return new AbortPdu((AbortSource)source, reason <= 6 ? (AbortReason)reason : AbortReason.NotSpecified);
    }

    private static Pdu Fixed(ReadOnlySpan<byte> body, Pdu pdu)
    {
        Require(body.Length == 4, $"{Name(pdu.Type)} PDU must have a 4-byte variable field");
        return pdu;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new PduDecodingException(AbortReason.InvalidPduParameterValue, message + ".");
        }
    }

    internal static string Name(PduType type) => type switch
    {
        PduType.AssociateRequest => "A-ASSOCIATE-RQ",
        PduType.AssociateAccept => "A-ASSOCIATE-AC",
        PduType.AssociateReject => "A-ASSOCIATE-RJ",
        PduType.DataTransfer => "P-DATA-TF",
        PduType.ReleaseRequest => "A-RELEASE-RQ",
        PduType.ReleaseResponse => "A-RELEASE-RP",
        PduType.Abort => "A-ABORT",
        _ => $"{(byte)type:X2}H",
    };
}
