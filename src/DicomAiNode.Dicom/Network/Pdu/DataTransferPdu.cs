namespace DicomAiNode.Dicom.Network;

/// <summary>P-DATA-TF PDU (PS3.8 §9.3.5): one or more presentation-data-value items.</summary>
public sealed record DataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    public override PduType Type => PduType.DataTransfer;

    public bool Equals(DataTransferPdu? other) => other is not null && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => Values.Count;

    private protected override void WriteBody(PduBuilder writer)
    {
        foreach (var pdv in Values)
        {
            writer.WriteUInt32((uint)(pdv.Fragment.Length + 2));
            writer.WriteByte(pdv.PresentationContextId);
            writer.WriteByte(pdv.MessageControlHeader);
            writer.WriteBytes(pdv.Fragment.Span);
        }
    }
}
