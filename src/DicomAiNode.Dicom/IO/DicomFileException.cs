namespace DicomAiNode.Dicom.IO;

/// <summary>A file or stream is not valid DICOM (malformed, truncated, inconsistent lengths); the message names the file, the tag and the offset.</summary>
public class DicomFileException : Exception
{
    public DicomFileException()
    {
    }

    public DicomFileException(string message)
        : base(message)
    {
    }

    public DicomFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
