namespace DicomAiNode.Dicom.Network;

/// <summary>Result/Reason field of a presentation context item in the A-ASSOCIATE-AC PDU (PS3.8 Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,

    /// <summary>No-reason (provider rejection).</summary>
    ProviderRejection = 2,

    /// <summary>Abstract-syntax-not-supported (provider rejection).</summary>
    AbstractSyntaxNotSupported = 3,

    /// <summary>Transfer-syntaxes-not-supported (provider rejection).</summary>
    TransferSyntaxesNotSupported = 4,
}
