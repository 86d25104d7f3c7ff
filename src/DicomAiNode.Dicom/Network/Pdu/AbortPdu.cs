namespace DicomAiNode.Dicom.Network;

/// <summary>A-ABORT PDU (PS3.8 §9.3.8, Table 9-26).</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    public override PduType Type => PduType.Abort;

    private protected override void WriteBody(PduBuilder writer)
    {
        writer.WriteZeros(2);
        writer.WriteByte((byte)Source);
        writer.WriteByte((byte)Reason);
    }
}
