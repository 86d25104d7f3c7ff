using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace DicomAiNode.Dicom.Data;

/// <summary>A unique identifier (PS3.5 9) with its registry name and type where PS3.6 defines it.</summary>
public sealed partial class DicomUID : IEquatable<DicomUID>
{
    /// <summary>PS3.5 9.1: a UID is at most 64 characters.</summary>
    public const int MaximumLength = 64;

    /// <summary>PS3.5 B.2: the root of UIDs derived from a UUID.</summary>
    public const string UuidRoot = "2.25";

    private static readonly Lazy<Dictionary<string, DicomUID>> ByValue =
        new(() => Registry.ToDictionary(u => u.UID, StringComparer.Ordinal));

    // Namespace of the name-based UUIDs of FromName: UUID v5 of the OID namespace (RFC 4122 C) for our implementation root.
    private static readonly Guid NameNamespace = new("6ba7b812-9dad-11d1-80b4-00c04fd430c8");

    public DicomUID(string uid, string name, DicomUidType type, bool isRetired = false)
    {
        UID = uid;
        Name = name;
        Type = type;
        IsRetired = isRetired;
    }

    /// <summary>The dotted value, e.g. <c>1.2.840.10008.1.2.1</c>.</summary>
    public string UID { get; }

    public string Name { get; }

    public DicomUidType Type { get; }

    public bool IsRetired { get; }

    /// <summary>Every UID of the PS3.6 registry.</summary>
    public static IReadOnlyList<DicomUID> All => Registry;

    /// <summary>The registry entry of <paramref name="uid"/> (trailing NUL/space padding ignored), or an unnamed UID of unknown type.</summary>
    public static DicomUID Lookup(string uid)
    {
        var value = uid.TrimEnd('\0', ' ');
        return ByValue.Value.TryGetValue(value, out var known) ? known : new DicomUID(value, value, DicomUidType.Unknown);
    }

    /// <summary>The registry entry of <paramref name="uid"/>, if PS3.6 defines it.</summary>
    public static bool TryLookup(string uid, out DicomUID known) =>
        ByValue.Value.TryGetValue(uid.TrimEnd('\0', ' '), out known!);

    /// <summary>
    /// PS3.5 9.1: at most 64 characters, components of digits separated by dots, no empty component and no leading
    /// zero in a component of more than one digit.
    /// </summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaximumLength)
        {
            return false;
        }
        int componentStart = 0;
        for (int i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                int length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }
                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(uid[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>PS3.5 B.2: a new UID <c>2.25.&lt;decimal of a random (version 4) UUID&gt;</c>.</summary>
    public static DicomUID Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // RFC 4122 4.4: version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return FromUuidBytes(bytes, "Generated UID");
    }

    /// <summary>
    /// A UID that depends only on <paramref name="name"/>: <c>2.25.&lt;decimal of the name-based (version 5, SHA-1) UUID of the name&gt;</c>,
    /// so the same input always yields the same UID (used for derived objects, so a re-run replaces rather than duplicates).
    /// </summary>
    public static DicomUID FromName(string name) => FromName(UuidRoot, name);

    /// <summary>
    /// A UID under <paramref name="root"/> that depends only on (root, name). Under <c>2.25</c> the suffix is the decimal of a
    /// version-5 UUID; under another root it is the decimal of the SHA-1 digest, cut to fit 64 characters.
    /// </summary>
    public static DicomUID FromName(string root, string name)
    {
        if (!IsValid(root) || root.Length > MaximumLength - 10)
        {
            throw new ArgumentException($"'{root}' is not a valid UID root of at most 54 characters.", nameof(root));
        }
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(NameNamespace.ToString("D") + "\n" + root + "\n" + name));
        if (root == UuidRoot)
        {
            var uuid = digest.AsSpan(0, 16);
            uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // RFC 4122 4.3: version 5 (SHA-1, name-based)
            uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
            return FromUuidBytes(uuid, name);
        }
        var number = new BigInteger(digest, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int room = MaximumLength - root.Length - 1;
        var suffix = number.Length > room ? number[..room] : number;
        suffix = suffix.TrimStart('0');
        return new DicomUID(root + "." + (suffix.Length == 0 ? "0" : suffix), name, DicomUidType.Unknown);
    }

    private static DicomUID FromUuidBytes(ReadOnlySpan<byte> uuid, string name)
    {
        var number = new BigInteger(uuid, isUnsigned: true, isBigEndian: true);
        return new DicomUID(UuidRoot + "." + number.ToString(System.Globalization.CultureInfo.InvariantCulture), name, DicomUidType.Unknown);
    }

    public bool Equals(DicomUID? other) => other is not null && string.Equals(UID, other.UID, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomUID);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(UID);

    /// <summary>The dotted value, so that a UID can be written wherever a string is expected.</summary>
    public override string ToString() => UID;

    public static bool operator ==(DicomUID? left, DicomUID? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DicomUID? left, DicomUID? right) => !(left == right);
}
