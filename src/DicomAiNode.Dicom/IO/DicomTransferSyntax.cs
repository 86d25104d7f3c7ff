using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.IO;

/// <summary>A transfer syntax (PS3.5 10) and how it encodes a data set: VR explicit or implicit, byte order, deflate, encapsulation.</summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private static readonly Lazy<Dictionary<string, DicomTransferSyntax>> Known = new(() =>
        DicomUID.All.Where(u => u.Type == DicomUidType.TransferSyntax).Select(FromUid).ToDictionary(t => t.UID.UID, StringComparer.Ordinal));

    private DicomTransferSyntax(DicomUID uid, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        UID = uid;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    /// <summary>PS3.5 A.1: the default transfer syntax.</summary>
    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = Lookup(DicomUID.ImplicitVRLittleEndian.UID);

    /// <summary>PS3.5 A.2.</summary>
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = Lookup(DicomUID.ExplicitVRLittleEndian.UID);

    /// <summary>PS3.5 A.3 (retired, still met).</summary>
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = Lookup(DicomUID.ExplicitVRBigEndian.UID);

    /// <summary>PS3.5 A.5: explicit VR little endian, deflated (RFC 1951) after the file meta information.</summary>
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = Lookup(DicomUID.DeflatedExplicitVRLittleEndian.UID);

    public static DicomTransferSyntax RLELossless { get; } = Lookup(DicomUID.RLELossless.UID);

    public static DicomTransferSyntax JPEGBaseline8Bit { get; } = Lookup(DicomUID.JPEGBaseline8Bit.UID);

    public static DicomTransferSyntax JPEGExtended12Bit { get; } = Lookup(DicomUID.JPEGExtended12Bit.UID);

    public static DicomTransferSyntax JPEGLossless { get; } = Lookup(DicomUID.JPEGLossless.UID);

    public static DicomTransferSyntax JPEGLosslessSV1 { get; } = Lookup(DicomUID.JPEGLosslessSV1.UID);

    public static DicomTransferSyntax JPEGLSLossless { get; } = Lookup(DicomUID.JPEGLSLossless.UID);

    public static DicomTransferSyntax JPEGLSNearLossless { get; } = Lookup(DicomUID.JPEGLSNearLossless.UID);

    public static DicomTransferSyntax JPEG2000Lossless { get; } = Lookup(DicomUID.JPEG2000Lossless.UID);

    public static DicomTransferSyntax JPEG2000 { get; } = Lookup(DicomUID.JPEG2000.UID);

    public static DicomTransferSyntax HTJ2KLossless { get; } = Lookup(DicomUID.HTJ2KLossless.UID);

    public static DicomTransferSyntax HTJ2KLosslessRPCL { get; } = Lookup(DicomUID.HTJ2KLosslessRPCL.UID);

    public static DicomTransferSyntax HTJ2K { get; } = Lookup(DicomUID.HTJ2K.UID);

    /// <summary>The four transfer syntaxes whose pixel data is native (not encapsulated), between which data sets can be transcoded freely.</summary>
    public static IReadOnlyList<DicomTransferSyntax> Uncompressed { get; } =
        [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian];

    /// <summary>Every transfer syntax of the PS3.6 registry.</summary>
    public static IEnumerable<DicomTransferSyntax> All => Known.Value.Values;

    public DicomUID UID { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    /// <summary>The data set (after the file meta information) is compressed with deflate (RFC 1951, no zlib header).</summary>
    public bool IsDeflated { get; }

    /// <summary>Pixel data is encapsulated in fragments (PS3.5 A.4): JPEG family, JPEG-LS, JPEG 2000, HTJ2K, RLE, MPEG/HEVC …</summary>
    public bool IsEncapsulated { get; }

    /// <summary>The transfer syntax with this UID. An unknown UID is taken as an encapsulated explicit VR little endian one (PS3.5 A.4: all encapsulated syntaxes are).</summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        var value = uid.TrimEnd('\0', ' ');
        if (Known.Value.TryGetValue(value, out var known))
        {
            return known;
        }
        return new DicomTransferSyntax(new DicomUID(value, "Unknown transfer syntax " + value, DicomUidType.TransferSyntax), true, false, false, true);
    }

    /// <summary>Like <see cref="Lookup"/>, but only for the syntaxes of the registry.</summary>
    public static bool TryLookup(string uid, out DicomTransferSyntax syntax) =>
        Known.Value.TryGetValue(uid.TrimEnd('\0', ' '), out syntax!);

    private static DicomTransferSyntax FromUid(DicomUID uid)
    {
        // PS3.5 10 and Annex A: only these syntaxes differ from "explicit VR little endian with encapsulated pixel data".
        var value = uid.UID;
        bool implicitVR = value is "1.2.840.10008.1.2" or "1.2.840.10008.1.20";
        bool bigEndian = value == "1.2.840.10008.1.2.2";
        bool deflated = value is "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.4.95";
        bool native = implicitVR || bigEndian || value is "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.1.99"
            or "1.2.840.10008.1.2.4.94" or "1.2.840.10008.1.2.4.95" or "1.2.840.10008.1.2.6.1" or "1.2.840.10008.1.2.6.2";
        return new DicomTransferSyntax(uid, !implicitVR, bigEndian, deflated, !native);
    }

    public bool Equals(DicomTransferSyntax? other) => other is not null && UID.Equals(other.UID);

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => UID.GetHashCode();

    public override string ToString() => UID.Name;

    public static bool operator ==(DicomTransferSyntax? left, DicomTransferSyntax? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DicomTransferSyntax? left, DicomTransferSyntax? right) => !(left == right);
}
