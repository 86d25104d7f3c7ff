namespace DicomAiNode.Dicom.Network;

/// <summary>
/// User Identity sub-item of the A-ASSOCIATE-RQ (58H, PS3.7 §D.3.3.7). The secondary field (passcode) is only used
/// with <see cref="UserIdentityType.UsernameAndPasscode"/>; PS3.15 Annex B: it travels in clear text unless TLS is used.
/// </summary>
public sealed record UserIdentity(UserIdentityType Type, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    public bool Equals(UserIdentity? other) =>
        other is not null && Type == other.Type && PositiveResponseRequested == other.PositiveResponseRequested
        && PrimaryField.Span.SequenceEqual(other.PrimaryField.Span) && SecondaryField.Span.SequenceEqual(other.SecondaryField.Span);

    public override int GetHashCode() => HashCode.Combine(Type, PositiveResponseRequested, PrimaryField.Length);

    /// <summary>Prints the type and username only: the passcode must never reach a log.</summary>
    public override string ToString() => $"UserIdentity {{ Type = {Type}, PositiveResponseRequested = {PositiveResponseRequested}, PrimaryField = {PrimaryField.Length} bytes }}";
}
