namespace DicomAiNode.Dicom.Network;

/// <summary>
/// What an action of the protocol machine asks the transport and the local user to do, in the order the members
/// are declared. The state machine itself performs no I/O: the association runtime carries these out.
/// </summary>
[Flags]
public enum UpperLayerEffects
{
    None = 0,
    StopArtim = 1 << 0,
    ConnectTransport = 1 << 1,
    AcceptTransport = 1 << 2,
    SendAssociateRequest = 1 << 3,
    SendAssociateAccept = 1 << 4,
    SendAssociateReject = 1 << 5,
    SendDataTransfer = 1 << 6,
    SendReleaseRequest = 1 << 7,
    SendReleaseResponse = 1 << 8,

    /// <summary>A-ABORT PDU with the service-user as source (AA-1).</summary>
    SendAbortAsUser = 1 << 9,

    /// <summary>A-ABORT PDU with the service-provider as source (AA-7, AA-8).</summary>
    SendAbortAsProvider = 1 << 10,
    StartArtim = 1 << 11,
    IndicateAssociateRequest = 1 << 12,
    ConfirmAssociateAccept = 1 << 13,
    ConfirmAssociateReject = 1 << 14,
    IndicateData = 1 << 15,
    IndicateRelease = 1 << 16,
    ConfirmRelease = 1 << 17,
    IndicateAbort = 1 << 18,
    IndicateProviderAbort = 1 << 19,
    CloseTransport = 1 << 20,
    IgnorePdu = 1 << 21,
}
