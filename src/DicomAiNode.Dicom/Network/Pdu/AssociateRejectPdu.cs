namespace DicomAiNode.Dicom.Network;

/// <summary>A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4, Table 9-21).</summary>
public sealed record AssociateRejectPdu(AssociateRejectResult Result, AssociateRejectSource Source, AssociateRejectReason Reason) : Pdu
{
    public override PduType Type => PduType.AssociateReject;

    private protected override void WriteBody(PduBuilder writer)
    {
        writer.WriteByte(0);
        writer.WriteByte((byte)Result);
        writer.WriteByte((byte)Source);
        writer.WriteByte((byte)Reason);
    }
}
