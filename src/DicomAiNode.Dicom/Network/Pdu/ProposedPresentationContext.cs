namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A presentation context item (20H) of the A-ASSOCIATE-RQ: one abstract syntax and the transfer syntaxes the
/// requestor offers for it (PS3.8 §9.3.2.2).
/// </summary>
/// <param name="Id">Presentation-context-ID; PS3.8 §9.3.2.2: odd integers between 1 and 255.</param>
/// <param name="AbstractSyntax">Abstract syntax (SOP Class) UID.</param>
/// <param name="TransferSyntaxes">Transfer syntax UIDs, in the requestor's order of preference.</param>
public sealed record ProposedPresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    public bool Equals(ProposedPresentationContext? other) =>
        other is not null && Id == other.Id && AbstractSyntax == other.AbstractSyntax
        && TransferSyntaxes.SequenceEqual(other.TransferSyntaxes);

    public override int GetHashCode() => HashCode.Combine(Id, AbstractSyntax, TransferSyntaxes.Count);
}
