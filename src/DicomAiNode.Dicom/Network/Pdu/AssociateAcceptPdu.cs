namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A-ASSOCIATE-AC PDU (PS3.8 §9.3.3). The called and calling AE titles echo the request and PS3.8 says they are
/// not to be tested on receipt.
/// </summary>
public sealed record AssociateAcceptPdu : AssociatePdu<PresentationContextAnswer>
{
    public override PduType Type => PduType.AssociateAccept;

    private protected override void WritePresentationContext(PduBuilder writer, PresentationContextAnswer context) =>
        writer.WriteItem(PduItemType.PresentationContextAccept, w =>
        {
            w.WriteByte(context.Id);
            w.WriteByte(0);
            w.WriteByte((byte)context.Result);
            w.WriteByte(0);
            // PS3.8 §9.3.3.2: exactly one transfer syntax sub-item, present even when the context is rejected.
            w.WriteUidItem(PduItemType.TransferSyntax, context.TransferSyntax);
        });
}
