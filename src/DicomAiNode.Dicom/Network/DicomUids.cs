namespace DicomAiNode.Dicom.Network;

/// <summary>The UIDs the network layer itself needs (PS3.6 Annex A).</summary>
public static class DicomUids
{
    public const string Verification = "1.2.840.10008.1.1";
    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

    /// <summary>PS3.4 Annex B.5: every standard Storage SOP Class UID lies under this root.</summary>
    public const string StorageSopClassRoot = "1.2.840.10008.5.1.4.1.1.";

    /// <summary>
    /// Transfer syntaxes an acceptor that stores what it receives can take, in the node's order of preference:
    /// Explicit VR LE, Implicit VR LE, Explicit VR BE (retired but storable), then lossless and lossy compressed syntaxes.
    /// </summary>
    public static readonly IReadOnlyList<string> StorableTransferSyntaxes =
    [
        ExplicitVRLittleEndian,
        ImplicitVRLittleEndian,
        ExplicitVRBigEndian,
        DeflatedExplicitVRLittleEndian,
        "1.2.840.10008.1.2.5",     // RLE Lossless
        "1.2.840.10008.1.2.4.70",  // JPEG Lossless SV1
        "1.2.840.10008.1.2.4.57",  // JPEG Lossless
        "1.2.840.10008.1.2.4.80",  // JPEG-LS Lossless
        "1.2.840.10008.1.2.4.90",  // JPEG 2000 Lossless
        "1.2.840.10008.1.2.4.50",  // JPEG Baseline
        "1.2.840.10008.1.2.4.51",  // JPEG Extended
        "1.2.840.10008.1.2.4.81",  // JPEG-LS Near-Lossless
        "1.2.840.10008.1.2.4.91",  // JPEG 2000
    ];

    /// <summary>The uncompressed syntaxes every implementation can convert between without a codec.</summary>
    public static bool IsUncompressed(string transferSyntaxUid) =>
        transferSyntaxUid is ImplicitVRLittleEndian or ExplicitVRLittleEndian or ExplicitVRBigEndian;
}
