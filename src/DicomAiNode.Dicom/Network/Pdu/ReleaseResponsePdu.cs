namespace DicomAiNode.Dicom.Network;

/// <summary>A-RELEASE-RP PDU (PS3.8 §9.3.7): four reserved bytes.</summary>
public sealed record ReleaseResponsePdu : Pdu
{
    public override PduType Type => PduType.ReleaseResponse;

    private protected override void WriteBody(PduBuilder writer) => writer.WriteZeros(4);
}
