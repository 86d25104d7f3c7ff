namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A presentation-data-value item of a P-DATA-TF PDU (PS3.8 §9.3.5.1, Annex E): one fragment of a command or a
/// data set, with the message control header bits (bit 0: command, bit 1: last fragment).
/// </summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ReadOnlyMemory<byte> Fragment)
{
    /// <summary>PDV item length (4), presentation-context-ID (1) and message control header (1).</summary>
    public const int HeaderLength = 6;

    public byte MessageControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLastFragment ? 2 : 0));

    public bool Equals(PresentationDataValue other) =>
        PresentationContextId == other.PresentationContextId && IsCommand == other.IsCommand
        && IsLastFragment == other.IsLastFragment && Fragment.Span.SequenceEqual(other.Fragment.Span);

    public override int GetHashCode() => HashCode.Combine(PresentationContextId, IsCommand, IsLastFragment, Fragment.Length);
}
