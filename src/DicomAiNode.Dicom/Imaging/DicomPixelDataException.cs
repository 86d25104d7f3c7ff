namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Pixel data that contradicts its own description (Image Pixel Module attributes) or is malformed
/// (a truncated frame, a broken RLE header). The message names the attribute, frame or segment at fault.
/// </summary>
public sealed class DicomPixelDataException : Exception
{
    public DicomPixelDataException()
    {
    }

    public DicomPixelDataException(string message)
        : base(message)
    {
    }

    public DicomPixelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
