namespace DicomAiNode.Dicom.Network;

/// <summary>Answers every C-ECHO with Success.</summary>
public sealed class SuccessfulEchoHandler : ICEchoHandler
{
    public ValueTask<DimseResponse> OnCEchoAsync(AssociationInfo association, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DimseResponse>(DicomStatus.Success);
}
