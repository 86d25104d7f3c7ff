namespace DicomAiNode.Dicom.Network;

/// <summary>A negotiated presentation context: what was proposed and what the acceptor answered.</summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, PresentationContextResult Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}
