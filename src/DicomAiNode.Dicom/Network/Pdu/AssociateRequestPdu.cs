namespace DicomAiNode.Dicom.Network;

/// <summary>A-ASSOCIATE-RQ PDU (PS3.8 §9.3.2).</summary>
public sealed record AssociateRequestPdu : Pdu
{
    /// <summary>PS3.7 Annex A.2.1: the DICOM Application Context Name.</summary>
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";

    public override PduType Type => PduType.AssociateRequest;

    /// <summary>Protocol-version: bit 0 set (version 1); PS3.8 §9.3.2.</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAETitle { get; init; }

    public required string CallingAETitle { get; init; }

    public string ApplicationContextName { get; init; } = DicomApplicationContextName;

    public required IReadOnlyList<ProposedPresentationContext> PresentationContexts { get; init; }

    public required UserInformation UserInformation { get; init; }

    public bool Equals(AssociateRequestPdu? other) =>
        other is not null && ProtocolVersion == other.ProtocolVersion && CalledAETitle == other.CalledAETitle
        && CallingAETitle == other.CallingAETitle && ApplicationContextName == other.ApplicationContextName
        && PresentationContexts.SequenceEqual(other.PresentationContexts) && UserInformation.Equals(other.UserInformation);

    public override int GetHashCode() => HashCode.Combine(CalledAETitle, CallingAETitle, PresentationContexts.Count);

    private protected override void WriteBody(PduBuilder writer)
    {
        writer.WriteAssociateFixedPart(ProtocolVersion, CalledAETitle, CallingAETitle, ApplicationContextName);
        foreach (var pc in PresentationContexts)
        {
            writer.WriteItem(PduItemType.PresentationContextRequest, w =>
            {
                w.WriteByte(pc.Id);
                w.WriteZeros(3);
                w.WriteUidItem(PduItemType.AbstractSyntax, pc.AbstractSyntax);
                foreach (var ts in pc.TransferSyntaxes)
                {
                    w.WriteUidItem(PduItemType.TransferSyntax, ts);
                }
            });
        }
        UserInformationCodec.Write(writer, UserInformation);
    }
}
