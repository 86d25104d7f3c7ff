namespace DicomAiNode.Dicom.Data;

/// <summary>A data set or value does not match what the caller or PS3.5 requires (wrong VR, missing value, bad encoding).</summary>
public class DicomDataException : Exception
{
    public DicomDataException()
    {
    }

    public DicomDataException(string message)
        : base(message)
    {
    }

    public DicomDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
