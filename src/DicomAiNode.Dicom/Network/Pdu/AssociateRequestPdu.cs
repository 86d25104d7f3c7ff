namespace DicomAiNode.Dicom.Network;

/// <summary>A-ASSOCIATE-RQ PDU (PS3.8 §9.3.2).</summary>
public sealed record AssociateRequestPdu : AssociatePdu<ProposedPresentationContext>
{
    /// <summary>PS3.7 Annex A.2.1: the DICOM Application Context Name.</summary>
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";

    public override PduType Type => PduType.AssociateRequest;

    private protected override void WritePresentationContext(PduBuilder writer, ProposedPresentationContext context) =>
        writer.WriteItem(PduItemType.PresentationContextRequest, w =>
        {
            w.WriteByte(context.Id);
            w.WriteZeros(3);
            w.WriteUidItem(PduItemType.AbstractSyntax, context.AbstractSyntax);
            foreach (var ts in context.TransferSyntaxes)
            {
                w.WriteUidItem(PduItemType.TransferSyntax, ts);
            }
        });
}
