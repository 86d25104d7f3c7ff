namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The pixel data is encoded in a transfer syntax this toolkit cannot decode (JPEG baseline/extended, JPEG 2000 Part 2,
/// HTJ2K, and video syntaxes), uses a feature of a decodable one outside the supported subset (e.g. JPEG 2000 region of
/// interest), or is to be encoded in one it cannot write. Native pixel data, RLE Lossless, JPEG Lossless, JPEG-LS and
/// JPEG 2000 Part 1 are decodable; native and RLE Lossless are writable.
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
               "DicomAiNode; only native (uncompressed) pixel data, RLE Lossless (1.2.840.10008.1.2.5), JPEG Lossless " +
               "(1.2.840.10008.1.2.4.57, .70), JPEG-LS (1.2.840.10008.1.2.4.80, .81) and JPEG 2000 (1.2.840.10008.1.2.4.90, .91) are decodable")
    {
        TransferSyntaxUid = transferSyntaxUid;
        TransferSyntaxName = transferSyntaxName;
    }

    /// <summary>The UID of the transfer syntax that has no codec, when known.</summary>
    public string? TransferSyntaxUid { get; }

    /// <summary>The name of that transfer syntax (PS3.6 Table A-1), when known.</summary>
    public string? TransferSyntaxName { get; }
}
