namespace DicomAiNode.Dicom.Network;

/// <summary>A DIMSE message that violates PS3.7 (malformed command set, fragments out of order, message too large).</summary>
public sealed class DimseException : Exception
{
    public DimseException()
    {
    }

    public DimseException(string message)
        : base(message)
    {
    }

    public DimseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
