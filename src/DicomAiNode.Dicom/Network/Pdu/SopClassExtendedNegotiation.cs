namespace DicomAiNode.Dicom.Network;

/// <summary>SOP Class Extended Negotiation sub-item (56H, PS3.7 §D.3.3.5): service-class-application-information, opaque here.</summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ApplicationInformation)
{
    public bool Equals(SopClassExtendedNegotiation? other) =>
        other is not null && SopClassUid == other.SopClassUid && ApplicationInformation.Span.SequenceEqual(other.ApplicationInformation.Span);

    public override int GetHashCode() => HashCode.Combine(SopClassUid, ApplicationInformation.Length);
}
