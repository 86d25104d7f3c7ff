namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The pixel data is encoded in a transfer syntax this toolkit cannot decode (the JPEG family: JPEG baseline/extended/
/// lossless, JPEG-LS, JPEG 2000, HTJ2K, and video syntaxes). Only native pixel data and RLE Lossless are decodable.
/// </summary>
public sealed class DicomCodecNotSupportedException : Exception
{
    public DicomCodecNotSupportedException()
    {
    }

    public DicomCodecNotSupportedException(string message)
        : base(message)
    {
    }

    public DicomCodecNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomCodecNotSupportedException(string transferSyntaxUid, string transferSyntaxName)
        : base($"Pixel data not decodable: transfer syntax {transferSyntaxUid} ({transferSyntaxName}) has no codec in " +
               "DicomAiNode; only native (uncompressed) pixel data and RLE Lossless (1.2.840.10008.1.2.5) are decodable")
    {
        TransferSyntaxUid = transferSyntaxUid;
        TransferSyntaxName = transferSyntaxName;
    }

    /// <summary>The UID of the transfer syntax that has no codec, when known.</summary>
    public string? TransferSyntaxUid { get; }

    /// <summary>The name of that transfer syntax (PS3.6 Table A-1), when known.</summary>
    public string? TransferSyntaxName { get; }
}
