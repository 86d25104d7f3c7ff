namespace DicomAiNode.Dicom.Network;

/// <summary>Answers C-ECHO-RQ (Verification, PS3.4 Annex A).</summary>
public interface ICEchoHandler
{
    ValueTask<DimseResponse> OnCEchoAsync(AssociationInfo association, CancellationToken cancellationToken);
}
