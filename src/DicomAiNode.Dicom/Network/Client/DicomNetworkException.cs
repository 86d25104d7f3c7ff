namespace DicomAiNode.Dicom.Network;

/// <summary>An association could not be established or ended abnormally; the message names the peer.</summary>
public class DicomNetworkException : Exception
{
    public DicomNetworkException()
    {
    }

    public DicomNetworkException(string message)
        : base(message)
    {
    }

    public DicomNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
