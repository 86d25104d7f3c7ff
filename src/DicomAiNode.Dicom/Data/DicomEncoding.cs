using System.Text;

namespace DicomAiNode.Dicom.Data;

/// <summary>
/// The character repertoire of a data set, from its Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2, PS3.5 6.1):
/// a single-byte or multi-byte set (ISO_IR 100, ISO_IR 192 UTF-8, GB18030, GBK …) or ISO 2022 code extensions with
/// escape sequences (ISO 2022 IR 6/87/149/159/58/13 …). Decodes value bytes to strings and encodes them back.
/// </summary>
public sealed class DicomEncoding
{
    private static readonly CharacterSetTerm AsciiTerm = CharacterSetTerm.Find("ISO_IR 6")!;

    private readonly CharacterSetTerm[] _terms;
    private readonly Encoding? _single;

    private DicomEncoding(string[] values, CharacterSetTerm[] terms)
    {
        SpecificCharacterSet = values;
        _terms = terms;
        IsCodeExtension = terms.Any(t => t.IsCodeExtension);
        _single = IsCodeExtension ? null : terms[0].Encoding;
    }

    // One shared instance per single-valued term, built once: data sets of a series all name the same character set.
    private static readonly Lazy<Dictionary<string, DicomEncoding>> SingleTerms = new(() =>
        CharacterSetTerm.All.Where(t => !t.IsCodeExtension).ToDictionary(t => t.Term, t => new DicomEncoding([t.Term], [t]), StringComparer.Ordinal));

    /// <summary>The default repertoire (ISO-IR 6, ASCII), used when (0008,0005) is absent or empty.</summary>
    public static DicomEncoding Default { get; } = new([], [AsciiTerm]);

    /// <summary>ISO_IR 192: Unicode in UTF-8.</summary>
    public static DicomEncoding Utf8 { get; } = new(["ISO_IR 192"], [CharacterSetTerm.Find("ISO_IR 192")!]);

    /// <summary>The values of Specific Character Set this encoding was made from.</summary>
    public IReadOnlyList<string> SpecificCharacterSet { get; }

    /// <summary>True when the values name ISO 2022 code extensions, so text switches character sets by escape sequences.</summary>
    public bool IsCodeExtension { get; }

    /// <summary>The encoding named by the values of Specific Character Set (0008,0005).</summary>
    /// <exception cref="DicomDataException">A defined term is not one of PS3.3 Tables C.12-2 to C.12-5 (or GB18030/GBK/UTF-8).</exception>
    public static DicomEncoding FromSpecificCharacterSet(IReadOnlyList<string> values)
    {
        var cleaned = values.Select(v => v.Trim()).ToArray();
        if (cleaned.Length == 0 || (cleaned.Length == 1 && cleaned[0].Length == 0))
        {
            return Default;
        }
        if (cleaned.Length == 1 && cleaned[0] == "ISO_IR 192")
        {
            return Utf8;
        }
        if (cleaned.Length == 1 && SingleTerms.Value.TryGetValue(cleaned[0], out var shared))
        {
            return shared;
        }
        var terms = new CharacterSetTerm[cleaned.Length];
        for (int i = 0; i < cleaned.Length; i++)
        {
            // PS3.3 C.12.1.1.2: an empty value 1 means the default repertoire (ISO 2022 IR 6) as the initial G0 set.
            terms[i] = (i == 0 && cleaned[i].Length == 0 ? AsciiTerm : CharacterSetTerm.Find(cleaned[i]))
                ?? throw new DicomDataException($"(0008,0005) Specific Character Set: '{cleaned[i]}' is not a defined term of PS3.3 C.12.1.1.2.");
        }
        return new DicomEncoding(cleaned, terms);
    }

    /// <summary>Decodes a value; only <see cref="DicomVR.IsCharacterSetDependent"/> VRs use the specific character set (PS3.5 6.1.2.3).</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (!vr.IsCharacterSetDependent)
        {
            // Default repertoire; bytes above 0x7F are not allowed there, Latin-1 shows them without loss.
            return Encoding.Latin1.GetString(bytes);
        }
        return _single is not null ? _single.GetString(bytes) : Iso2022Codec.Decode(bytes, _terms);
    }

    /// <summary>Encodes a value for <paramref name="vr"/>; throws when a character is outside the repertoire.</summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        if (text.Length == 0)
        {
            return [];
        }
        if (!vr.IsCharacterSetDependent || (_single is not null && _terms[0] == AsciiTerm))
        {
            foreach (char c in text)
            {
                if (c > 0x7F)
                {
                    throw new DicomDataException(vr.IsCharacterSetDependent
                        ? $"'{text}' has characters outside the default repertoire: set Specific Character Set (0008,0005), e.g. ISO_IR 192, before adding it."
                        : $"'{text}' is not allowed in VR {vr.Code}, whose repertoire is the default (ASCII) only.");
                }
            }
            return Encoding.ASCII.GetBytes(text);
        }
        if (_single is not null)
        {
            return _terms[0].EncodeStrict(text);
        }
        return Iso2022Codec.Encode(text, _terms, vr);
    }

    public override string ToString() => SpecificCharacterSet.Count == 0 ? "ISO_IR 6" : string.Join('\\', SpecificCharacterSet);
}
