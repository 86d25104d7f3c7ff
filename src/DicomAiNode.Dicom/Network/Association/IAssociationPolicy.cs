namespace DicomAiNode.Dicom.Network;

/// <summary>Decides whether an incoming association is accepted, by calling/called AE title, peer address, identity.</summary>
public interface IAssociationPolicy
{
    ValueTask<AssociationDecision> EvaluateAsync(AssociationRequestInfo request, CancellationToken cancellationToken);
}
