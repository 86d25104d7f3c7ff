namespace DicomAiNode.Dicom.Network;

/// <summary>
/// Reason/Diag. field of the A-ASSOCIATE-RJ PDU (PS3.8 Table 9-21). Its meaning depends on the source, so several
/// names share a value: 1–10 for the service-user, 1–2 for the ACSE provider, 1–2 for the presentation provider.
/// </summary>
public enum AssociateRejectReason : byte
{
    /// <summary>Source 1: no-reason-given.</summary>
    NoReasonGiven = 1,

    /// <summary>Source 1: application-context-name-not-supported.</summary>
    ApplicationContextNameNotSupported = 2,

    /// <summary>Source 1: calling-AE-title-not-recognized.</summary>
    CallingAETitleNotRecognized = 3,

    /// <summary>Source 1: called-AE-title-not-recognized.</summary>
    CalledAETitleNotRecognized = 7,

    /// <summary>Source 2: no-reason-given.</summary>
    AcseNoReasonGiven = 1,

    /// <summary>Source 2: protocol-version-not-supported.</summary>
    ProtocolVersionNotSupported = 2,

    /// <summary>Source 3: temporary-congestion.</summary>
    TemporaryCongestion = 1,

    /// <summary>Source 3: local-limit-exceeded.</summary>
    LocalLimitExceeded = 2,
}
