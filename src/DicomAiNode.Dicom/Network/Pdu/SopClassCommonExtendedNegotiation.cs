namespace DicomAiNode.Dicom.Network;

/// <summary>SOP Class Common Extended Negotiation sub-item (57H, PS3.7 §D.3.3.6); only in the A-ASSOCIATE-RQ.</summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids)
{
    public bool Equals(SopClassCommonExtendedNegotiation? other) =>
        other is not null && SopClassUid == other.SopClassUid && ServiceClassUid == other.ServiceClassUid
        && RelatedGeneralSopClassUids.SequenceEqual(other.RelatedGeneralSopClassUids);

    public override int GetHashCode() => HashCode.Combine(SopClassUid, ServiceClassUid);
}
