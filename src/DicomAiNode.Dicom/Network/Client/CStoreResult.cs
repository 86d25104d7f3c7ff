namespace DicomAiNode.Dicom.Network;

/// <summary>The outcome of one instance sent by C-STORE: the peer's status, or why it was not sent.</summary>
public sealed record CStoreResult(string Source, string? SopInstanceUid, DicomStatus Status, string? Error)
{
    public bool Succeeded => Status.IsSuccess || Status.IsWarning;
}
