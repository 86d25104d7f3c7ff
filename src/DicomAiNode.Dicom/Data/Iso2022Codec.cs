using System.Text;

namespace DicomAiNode.Dicom.Data;

/// <summary>
/// ISO 2022 code extensions as DICOM uses them (PS3.5 6.1.2.5, Annexes H, I, J, K): escape sequences designate a set to
/// G0 (bytes 0x21–0x7E) or G1 (bytes 0xA1–0xFE); value 1 of Specific Character Set gives the initial sets.
/// </summary>
internal static class Iso2022Codec
{
    private const byte Esc = 0x1B;

    public static string Decode(ReadOnlySpan<byte> bytes, CharacterSetTerm[] terms)
    {
        var (g0, g1) = Initial(terms);
        var text = new StringBuilder(bytes.Length);
        Span<byte> multi = stackalloc byte[3];
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b == Esc && TryMatchEscape(bytes[i..], out var designated))
            {
                if (designated.IsG0)
                {
                    g0 = designated;
                }
                else
                {
                    g1 = designated;
                }
                i += designated.Escape!.Length;
                continue;
            }
            if (b < 0x80)
            {
                if (g0.Set is CharacterSetTerm.CodeSet.JisX0208 or CharacterSetTerm.CodeSet.JisX0212 && b is >= 0x21 and <= 0x7E && i + 1 < bytes.Length)
                {
                    // PS3.5 H: JIS X 0208 / 0212 in G0 are two 7-bit bytes; EUC-JP carries them with the high bits set (0212 after SS3 0x8F).
                    int n = 0;
                    if (g0.Set == CharacterSetTerm.CodeSet.JisX0212)
                    {
                        multi[n++] = 0x8F;
                    }
                    multi[n++] = (byte)(b | 0x80);
                    multi[n++] = (byte)(bytes[i + 1] | 0x80);
                    text.Append(g0.Encoding.GetString(multi[..n]));
                    i += 2;
                    continue;
                }
                text.Append((char)b);
                i++;
                continue;
            }
            if (g1 is null)
            {
                text.Append((char)b); // no G1 set designated: show the byte as Latin-1
                i++;
                continue;
            }
            if (g1.Set is CharacterSetTerm.CodeSet.KsX1001 or CharacterSetTerm.CodeSet.Gb2312 && i + 1 < bytes.Length)
            {
                text.Append(g1.Encoding.GetString(bytes.Slice(i, 2)));
                i += 2;
                continue;
            }
            text.Append(g1.Encoding.GetString(bytes.Slice(i, 1)));
            i++;
        }
        return text.ToString();
    }

    public static byte[] Encode(string text, CharacterSetTerm[] terms, DicomVR vr)
    {
        var (initialG0, initialG1) = Initial(terms);
        var g0 = initialG0;
        var g1 = initialG1;
        var output = new List<byte>(text.Length * 2);
        Span<byte> encoded = stackalloc byte[8];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool delimiter = c is '\r' or '\n' or '\t' or '\f' || (c == '\\' && vr.IsMultiValued) || (vr == DicomVR.PN && c is '^' or '=');
            if (c < 0x80)
            {
                if (g0 != initialG0 && (delimiter || !IsAsciiCompatible(g0)))
                {
                    // PS3.5 6.1.2.5.3: return to the initial G0 set before delimiters and at the end of the value.
                    output.AddRange(initialG0.Escape ?? CharacterSetTerm.Find("ISO 2022 IR 6")!.Escape!);
                    g0 = initialG0;
                }
                else if (!IsAsciiCompatible(g0))
                {
                    output.AddRange(CharacterSetTerm.Find("ISO 2022 IR 6")!.Escape!);
                    g0 = CharacterSetTerm.Find("ISO 2022 IR 6")!;
                }
                output.Add((byte)c);
                if (delimiter)
                {
                    g1 = initialG1; // PS3.5 H.3.1: G1 is designated again after each delimiter
                }
                continue;
            }
            string unit = char.IsHighSurrogate(c) && i + 1 < text.Length ? text.Substring(i, 2) : c.ToString();
            bool done = false;
            foreach (var term in terms)
            {
                if (!term.IsCodeExtension || term.Set == CharacterSetTerm.CodeSet.Ascii)
                {
                    continue;
                }
                int n = term.StrictEncoder.GetBytes(unit, encoded);
                if (!Fits(term, encoded[..n]))
                {
                    continue;
                }
                if (term.IsG0)
                {
                    if (g0 != term)
                    {
                        output.AddRange(term.Escape!);
                        g0 = term;
                    }
                    // EUC-JP → 7-bit JIS: drop SS3 for 0212 and the high bits.
                    var code = term.Set == CharacterSetTerm.CodeSet.JisX0212 ? encoded[1..n] : encoded[..n];
                    foreach (byte x in code)
                    {
                        output.Add((byte)(x & 0x7F));
                    }
                }
                else
                {
                    if (g1 != term)
                    {
                        output.AddRange(term.Escape!);
                        g1 = term;
                    }
                    output.AddRange(encoded[..n].ToArray());
                }
                done = true;
                break;
            }
            if (!done)
            {
                throw new DicomDataException($"'{text}': character '{unit}' is in none of the character sets of Specific Character Set {string.Join('\\', terms.Select(t => t.Term))}.");
            }
            i += unit.Length - 1;
        }
        if (g0 != initialG0)
        {
            output.AddRange(initialG0.Escape ?? CharacterSetTerm.Find("ISO 2022 IR 6")!.Escape!);
        }
        return output.ToArray();
    }

    private static bool IsAsciiCompatible(CharacterSetTerm g0) => g0.Set == CharacterSetTerm.CodeSet.Ascii;

    private static bool Fits(CharacterSetTerm term, ReadOnlySpan<byte> bytes) => term.Set switch
    {
        CharacterSetTerm.CodeSet.SingleByteG1 => bytes.Length == 1 && bytes[0] >= 0x80,
        CharacterSetTerm.CodeSet.Katakana => bytes.Length == 1 && bytes[0] is >= 0xA1 and <= 0xDF,
        CharacterSetTerm.CodeSet.JisX0208 or CharacterSetTerm.CodeSet.KsX1001 or CharacterSetTerm.CodeSet.Gb2312 =>
            bytes.Length == 2 && bytes[0] >= 0xA1 && bytes[1] >= 0xA1,
        CharacterSetTerm.CodeSet.JisX0212 => bytes.Length == 3 && bytes[0] == 0x8F,
        _ => false,
    };

    private static (CharacterSetTerm G0, CharacterSetTerm? G1) Initial(CharacterSetTerm[] terms)
    {
        var first = terms[0];
        return first.Set switch
        {
            CharacterSetTerm.CodeSet.SingleByteG1 => (CharacterSetTerm.Find("ISO 2022 IR 6")!, first),
            // ISO 2022 IR 13: JIS X 0201 Katakana in G1 and Romaji in G0 (PS3.3 Table C.12-3).
            CharacterSetTerm.CodeSet.Katakana => (CharacterSetTerm.Romaji, first),
            _ when first.IsG0 => (first.Escape is null ? CharacterSetTerm.Find("ISO 2022 IR 6")! : first, null),
            _ => (CharacterSetTerm.Find("ISO 2022 IR 6")!, first),
        };
    }

    private static bool TryMatchEscape(ReadOnlySpan<byte> bytes, out CharacterSetTerm term)
    {
        foreach (var candidate in CharacterSetTerm.CodeExtensions)
        {
            if (bytes.StartsWith(candidate.Escape))
            {
                term = candidate;
                return true;
            }
        }
        term = null!;
        return false;
    }
}
