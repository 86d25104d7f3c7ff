namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A presentation context item (21H) of the A-ASSOCIATE-AC: the acceptor's answer to one proposed context
/// (PS3.8 §9.3.3.2). The transfer syntax sub-item is present even when the context is rejected; it is then not significant.
/// </summary>
public sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}
