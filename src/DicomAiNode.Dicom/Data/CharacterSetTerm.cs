using System.Text;

namespace DicomAiNode.Dicom.Data;

/// <summary>One defined term of Specific Character Set (PS3.3 Tables C.12-2 to C.12-5) and how it maps onto .NET encodings.</summary>
internal sealed class CharacterSetTerm
{
    private static readonly CharacterSetTerm[] Terms =
    [
        // PS3.3 Table C.12-2: single-byte character sets without code extensions.
        new("ISO_IR 6", 20127, CodeSet.Ascii, null),
        new("ISO_IR 100", 28591, CodeSet.SingleByteG1, null),
        new("ISO_IR 101", 28592, CodeSet.SingleByteG1, null),
        new("ISO_IR 109", 28593, CodeSet.SingleByteG1, null),
        new("ISO_IR 110", 28594, CodeSet.SingleByteG1, null),
        new("ISO_IR 144", 28595, CodeSet.SingleByteG1, null),
        new("ISO_IR 127", 28596, CodeSet.SingleByteG1, null),
        new("ISO_IR 126", 28597, CodeSet.SingleByteG1, null),
        new("ISO_IR 138", 28598, CodeSet.SingleByteG1, null),
        new("ISO_IR 148", 28599, CodeSet.SingleByteG1, null),
        new("ISO_IR 203", 28605, CodeSet.SingleByteG1, null),
        new("ISO_IR 13", 932, CodeSet.Katakana, null),
        new("ISO_IR 166", 874, CodeSet.SingleByteG1, null),
        // PS3.3 Table C.12-5: multi-byte character sets without code extensions.
        new("ISO_IR 192", 65001, CodeSet.Unicode, null),
        new("GB18030", 54936, CodeSet.Unicode, null),
        new("GBK", 936, CodeSet.Unicode, null),
        // PS3.3 Table C.12-3: single-byte character sets with code extensions, and their escape sequences.
        new("ISO 2022 IR 6", 20127, CodeSet.Ascii, [0x1B, 0x28, 0x42]),
        new("ISO 2022 IR 100", 28591, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x41]),
        new("ISO 2022 IR 101", 28592, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x42]),
        new("ISO 2022 IR 109", 28593, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x43]),
        new("ISO 2022 IR 110", 28594, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x44]),
        new("ISO 2022 IR 144", 28595, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x4C]),
        new("ISO 2022 IR 127", 28596, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x47]),
        new("ISO 2022 IR 126", 28597, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x46]),
        new("ISO 2022 IR 138", 28598, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x48]),
        new("ISO 2022 IR 148", 28599, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x4D]),
        new("ISO 2022 IR 203", 28605, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x62]),
        new("ISO 2022 IR 13", 932, CodeSet.Katakana, [0x1B, 0x29, 0x49]),
        new("ISO 2022 IR 166", 874, CodeSet.SingleByteG1, [0x1B, 0x2D, 0x54]),
        // PS3.3 Table C.12-4: multi-byte character sets with code extensions.
        new("ISO 2022 IR 87", 20932, CodeSet.JisX0208, [0x1B, 0x24, 0x42]),
        new("ISO 2022 IR 159", 20932, CodeSet.JisX0212, [0x1B, 0x24, 0x28, 0x44]),
        new("ISO 2022 IR 149", 949, CodeSet.KsX1001, [0x1B, 0x24, 0x29, 0x43]),
        new("ISO 2022 IR 58", 936, CodeSet.Gb2312, [0x1B, 0x24, 0x29, 0x41]),
    ];

    /// <summary>Escape sequences met in data beyond those of the terms (ISO 2022 IR 13 also designates JIS X 0201 Romaji to G0).</summary>
    internal static readonly CharacterSetTerm Romaji = new("JIS X 0201 Romaji", 20127, CodeSet.Ascii, [0x1B, 0x28, 0x4A]);

    private readonly Lazy<Encoding> _encoding;
    private readonly Lazy<Encoding> _strict;

    private CharacterSetTerm(string term, int codePage, CodeSet set, byte[]? escape)
    {
        Term = term;
        CodePage = codePage;
        Set = set;
        Escape = escape;
        _encoding = new(() => Create(codePage, EncoderFallback.ReplacementFallback));
        _strict = new(() => Create(codePage, new EncoderReplacementFallback(string.Empty)));
    }

    internal enum CodeSet
    {
        Ascii,
        SingleByteG1,
        Katakana,
        Unicode,
        JisX0208,
        JisX0212,
        KsX1001,
        Gb2312,
    }

    public string Term { get; }

    public int CodePage { get; }

    public CodeSet Set { get; }

    /// <summary>The ISO 2022 escape sequence designating this set, null for terms without code extensions.</summary>
    public byte[]? Escape { get; }

    public bool IsCodeExtension => Escape is not null;

    /// <summary>True when the set is designated to G0 (code points 0x21–0x7E), false for G1 (0xA1–0xFE).</summary>
    public bool IsG0 => Set is CodeSet.Ascii or CodeSet.JisX0208 or CodeSet.JisX0212;

    /// <summary>A decoder that replaces invalid bytes with U+FFFD.</summary>
    public Encoding Encoding => _encoding.Value;

    /// <summary>An encoder that drops characters it cannot encode, so that a short result reveals them.</summary>
    public Encoding StrictEncoder => _strict.Value;

    public static CharacterSetTerm? Find(string term)
    {
        foreach (var t in Terms)
        {
            if (t.Term == term)
            {
                return t;
            }
        }
        return term switch
        {
            // Misspellings met in real data that dcmtk and pydicom accept.
            "ISO-IR 192" or "ISO_IR192" or "UTF-8" => Find("ISO_IR 192"),
            "ISO_IR100" or "ISO-IR 100" => Find("ISO_IR 100"),
            _ => null,
        };
    }

    /// <summary>Every defined term.</summary>
    public static IEnumerable<CharacterSetTerm> All => Terms;

    /// <summary>All terms with code extensions, to recognise escape sequences that a data set uses without declaring them.</summary>
    public static IEnumerable<CharacterSetTerm> CodeExtensions => Terms.Where(t => t.IsCodeExtension).Append(Romaji);

    public byte[] EncodeStrict(string text)
    {
        var bytes = StrictEncoder.GetBytes(text);
        if (StrictEncoder.GetString(bytes) != text)
        {
            throw new DicomDataException($"'{text}' has characters that Specific Character Set {Term} cannot encode.");
        }
        return bytes;
    }

    private static Encoding Create(int codePage, EncoderFallback encoderFallback)
    {
        if (codePage == 65001)
        {
            return new UTF8Encoding(false, false);
        }
        var found = codePage is 20127 or 28591
            ? Encoding.GetEncoding(codePage)
            : CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? throw new DicomDataException($"Code page {codePage} is not available.");
        return WithFallbacks((Encoding)found.Clone(), encoderFallback);
    }

    private static Encoding WithFallbacks(Encoding encoding, EncoderFallback encoderFallback)
    {
        encoding.EncoderFallback = encoderFallback;
        encoding.DecoderFallback = DecoderFallback.ReplacementFallback;
        return encoding;
    }
}
