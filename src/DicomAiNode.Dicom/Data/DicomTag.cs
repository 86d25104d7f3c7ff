using System.Globalization;

namespace DicomAiNode.Dicom.Data;

/// <summary>A data element tag (group, element) as defined in PS3.5 7.1. Sorts by group, then element.</summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element)
    {
        Group = group;
        Element = element;
    }

    /// <summary>Builds a tag from its 32-bit form <c>0xGGGGEEEE</c>.</summary>
    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    public ushort Group { get; }

    public ushort Element { get; }

    /// <summary>The tag as <c>0xGGGGEEEE</c>.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>PS3.5 7.8: private data elements have an odd group number (groups 0001, 0003, 0005, 0007 and FFFF are not allowed).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>PS3.5 7.8.1: (gggg,0010-00FF) in a private group reserve a block of elements for a private creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>For a private data element (gggg,xxyy) the element number (gggg,00xx) of the private creator that reserved block xx; 0 otherwise.</summary>
    public ushort PrivateCreatorElement => IsPrivate && Element >= 0x1000 ? (ushort)(Element >> 8) : (ushort)0;

    /// <summary>The tag used for values whose tag could not be determined.</summary>
    public static DicomTag Unknown => new(0xFFFF, 0xFFFF);

    /// <summary>The dictionary entry of this tag, or a generic one for unknown and private tags.</summary>
    public DicomDictionaryEntry DictionaryEntry => DicomDictionary.Lookup(this);

    /// <summary>Parses <c>(0010,0020)</c>, <c>0010,0020</c>, <c>00100020</c> or a dictionary keyword such as <c>PatientID</c>.</summary>
    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }
        throw new FormatException($"'{text}' is neither a DICOM tag such as (0010,0020) nor a dictionary keyword.");
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.AsSpan().Trim();
        if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
        {
            s = s[1..^1];
        }
        if (s.Length == 9 && s[4] == ',' && TryHex(s[..4], out var g) && TryHex(s[5..], out var e))
        {
            tag = new DicomTag(g, e);
            return true;
        }
        if (s.Length == 8 && TryHex(s[..4], out g) && TryHex(s[4..], out e))
        {
            tag = new DicomTag(g, e);
            return true;
        }
        if (DicomDictionary.TryLookupKeyword(s.ToString(), out var entry))
        {
            tag = entry.Tag;
            return true;
        }
        return false;
    }

    private static bool TryHex(ReadOnlySpan<char> s, out ushort value) =>
        ushort.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>The tag as <c>(GGGG,EEEE)</c> in upper-case hexadecimal, as PS3.6 writes it.</summary>
    public override string ToString() => string.Create(11, Value, static (span, v) =>
    {
        span[0] = '(';
        ((ushort)(v >> 16)).TryFormat(span[1..], out _, "X4", CultureInfo.InvariantCulture);
        span[5] = ',';
        ((ushort)v).TryFormat(span[6..], out _, "X4", CultureInfo.InvariantCulture);
        span[10] = ')';
    });

    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
