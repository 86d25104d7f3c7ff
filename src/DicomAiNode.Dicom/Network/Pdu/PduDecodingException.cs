namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A PDU or item that violates PS3.8 §9.3. <see cref="Reason"/> is the A-ABORT reason the receiving upper layer
/// sends with a service-provider abort (PS3.8 Table 9-26).
/// </summary>
public sealed class PduDecodingException : Exception
{
    public PduDecodingException(AbortReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public PduDecodingException()
        : this(AbortReason.NotSpecified, "Invalid PDU.")
    {
    }

    public PduDecodingException(string message)
        : this(AbortReason.NotSpecified, message)
    {
    }

    public PduDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = AbortReason.NotSpecified;
    }

    /// <summary>The A-ABORT reason/diag. value that fits this violation.</summary>
    public AbortReason Reason { get; }
}
