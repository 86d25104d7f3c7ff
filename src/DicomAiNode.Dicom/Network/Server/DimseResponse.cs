namespace DicomAiNode.Dicom.Network;

/// <summary>The status a service handler answers with, and an optional Error Comment (0000,0902) for failures.</summary>
public readonly record struct DimseResponse(DicomStatus Status, string? ErrorComment = null)
{
    public static implicit operator DimseResponse(DicomStatus status) => new(status);
}
