namespace DicomAiNode.Dicom.Network;

/// <summary>A-RELEASE-RQ PDU (PS3.8 §9.3.6): four reserved bytes.</summary>
public sealed record ReleaseRequestPdu : Pdu
{
    public override PduType Type => PduType.ReleaseRequest;

    private protected override void WriteBody(PduBuilder writer) => writer.WriteZeros(4);
}
