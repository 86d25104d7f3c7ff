namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A-ASSOCIATE-AC PDU (PS3.8 §9.3.3). The called and calling AE titles echo the request and PS3.8 says they are
/// not to be tested on receipt.
/// </summary>
public sealed record AssociateAcceptPdu : Pdu
{
    public override PduType Type => PduType.AssociateAccept;

    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAETitle { get; init; }

    public required string CallingAETitle { get; init; }

    public string ApplicationContextName { get; init; } = AssociateRequestPdu.DicomApplicationContextName;

    public required IReadOnlyList<PresentationContextAnswer> PresentationContexts { get; init; }

    public required UserInformation UserInformation { get; init; }

    public bool Equals(AssociateAcceptPdu? other) =>
        other is not null && ProtocolVersion == other.ProtocolVersion && CalledAETitle == other.CalledAETitle
        && CallingAETitle == other.CallingAETitle && ApplicationContextName == other.ApplicationContextName
        && PresentationContexts.SequenceEqual(other.PresentationContexts) && UserInformation.Equals(other.UserInformation);

    public override int GetHashCode() => HashCode.Combine(CalledAETitle, CallingAETitle, PresentationContexts.Count);

    private protected override void WriteBody(PduBuilder writer)
    {
        writer.WriteAssociateFixedPart(ProtocolVersion, CalledAETitle, CallingAETitle, ApplicationContextName);
        foreach (var pc in PresentationContexts)
        {
            writer.WriteItem(PduItemType.PresentationContextAccept, w =>
            {
                w.WriteByte(pc.Id);
                w.WriteByte(0);
                w.WriteByte((byte)pc.Result);
                w.WriteByte(0);
                // PS3.8 §9.3.3.2: exactly one transfer syntax sub-item, present even when the context is rejected.
                w.WriteUidItem(PduItemType.TransferSyntax, pc.TransferSyntax);
            });
        }
        UserInformationCodec.Write(writer, UserInformation);
    }
}
