namespace DicomAiNode.Dicom.Network;

/// <summary>An incoming C-STORE-RQ: its command, the negotiated transfer syntax of its data set, and the association.</summary>
public sealed record CStoreRequest(DicomCommand Command, string TransferSyntaxUid, AssociationInfo Association)
{
    public string SopClassUid => Command.AffectedSopClassUid ?? "";

    public string SopInstanceUid => Command.AffectedSopInstanceUid ?? "";

    public string CallingAETitle => Association.CallingAETitle;
}
