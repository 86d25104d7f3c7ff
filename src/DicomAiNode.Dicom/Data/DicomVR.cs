namespace DicomAiNode.Dicom.Data;

/// <summary>A value representation of PS3.5 6.2 (Table 6.2-1) with the properties the encoder and decoder need.</summary>
public sealed class DicomVR
{
    private DicomVR(string code, string name, VRKind kind, int unitSize, uint maximumLength, bool longLength,
        bool characterSetDependent = false, bool multiValued = true)
    {
        Code = code;
        Name = name;
        Kind = kind;
        UnitSize = unitSize;
        MaximumLength = maximumLength;
        Has32BitLength = longLength;
        IsCharacterSetDependent = characterSetDependent;
        IsMultiValued = multiValued;
    }

    private enum VRKind
    {
        Text,
        Binary,
        Sequence,
        None,
    }

    public static readonly DicomVR AE = new("AE", "Application Entity", VRKind.Text, 1, 16, false);
    public static readonly DicomVR AS = new("AS", "Age String", VRKind.Text, 1, 4, false);
    public static readonly DicomVR AT = new("AT", "Attribute Tag", VRKind.Binary, 2, 4, false);
    public static readonly DicomVR CS = new("CS", "Code String", VRKind.Text, 1, 16, false);
    public static readonly DicomVR DA = new("DA", "Date", VRKind.Text, 1, 8, false);
    public static readonly DicomVR DS = new("DS", "Decimal String", VRKind.Text, 1, 16, false);
    public static readonly DicomVR DT = new("DT", "Date Time", VRKind.Text, 1, 26, false);
    public static readonly DicomVR FD = new("FD", "Floating Point Double", VRKind.Binary, 8, 8, false);
    public static readonly DicomVR FL = new("FL", "Floating Point Single", VRKind.Binary, 4, 4, false);
    public static readonly DicomVR IS = new("IS", "Integer String", VRKind.Text, 1, 12, false);
    public static readonly DicomVR LO = new("LO", "Long String", VRKind.Text, 1, 64, false, true);
    public static readonly DicomVR LT = new("LT", "Long Text", VRKind.Text, 1, 10240, false, true, false);
    public static readonly DicomVR OB = new("OB", "Other Byte", VRKind.Binary, 1, 0, true);
    public static readonly DicomVR OD = new("OD", "Other Double", VRKind.Binary, 8, 0, true);
    public static readonly DicomVR OF = new("OF", "Other Float", VRKind.Binary, 4, 0, true);
    public static readonly DicomVR OL = new("OL", "Other Long", VRKind.Binary, 4, 0, true);
    public static readonly DicomVR OV = new("OV", "Other 64-bit Very Long", VRKind.Binary, 8, 0, true);
    public static readonly DicomVR OW = new("OW", "Other Word", VRKind.Binary, 2, 0, true);
    public static readonly DicomVR PN = new("PN", "Person Name", VRKind.Text, 1, 64, false, true);
    public static readonly DicomVR SH = new("SH", "Short String", VRKind.Text, 1, 16, false, true);
    public static readonly DicomVR SL = new("SL", "Signed Long", VRKind.Binary, 4, 4, false);
    public static readonly DicomVR SQ = new("SQ", "Sequence of Items", VRKind.Sequence, 0, 0, true);
    public static readonly DicomVR SS = new("SS", "Signed Short", VRKind.Binary, 2, 2, false);
    public static readonly DicomVR ST = new("ST", "Short Text", VRKind.Text, 1, 1024, false, true, false);
    public static readonly DicomVR SV = new("SV", "Signed 64-bit Very Long", VRKind.Binary, 8, 8, true);
    public static readonly DicomVR TM = new("TM", "Time", VRKind.Text, 1, 14, false);
    public static readonly DicomVR UC = new("UC", "Unlimited Characters", VRKind.Text, 1, 0, true, true);
    public static readonly DicomVR UI = new("UI", "Unique Identifier", VRKind.Text, 1, 64, false);
    public static readonly DicomVR UL = new("UL", "Unsigned Long", VRKind.Binary, 4, 4, false);
    public static readonly DicomVR UN = new("UN", "Unknown", VRKind.Binary, 1, 0, true);
    public static readonly DicomVR UR = new("UR", "Universal Resource Identifier", VRKind.Text, 1, 0, true, false, false);
    public static readonly DicomVR US = new("US", "Unsigned Short", VRKind.Binary, 2, 2, false);
    public static readonly DicomVR UT = new("UT", "Unlimited Text", VRKind.Text, 1, 0, true, true, false);
    public static readonly DicomVR UV = new("UV", "Unsigned 64-bit Very Long", VRKind.Binary, 8, 8, true);

    /// <summary>Pseudo-VR of items and delimiters (FFFE,E000/E00D/E0DD), which have no VR.</summary>
    public static readonly DicomVR NONE = new("NONE", "No VR", VRKind.None, 0, 0, true);

    /// <summary>The 34 VRs of PS3.5 Table 6.2-1.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI,
        UL, UN, UR, US, UT, UV,
    ];

    private VRKind Kind { get; }

    /// <summary>The two-letter code, e.g. <c>PN</c>.</summary>
    public string Code { get; }

    public string Name { get; }

    /// <summary>True for character string VRs (values are text, multiple values separated by backslash).</summary>
    public bool IsString => Kind == VRKind.Text;

    /// <summary>True for VRs whose values are binary numbers or bytes (AT, FD, FL, O*, SL, SS, SV, UL, UN, US, UV).</summary>
    public bool IsBinary => Kind == VRKind.Binary;

    public bool IsSequence => Kind == VRKind.Sequence;

    /// <summary>PS3.5 6.1.2.3: only SH, LO, ST, LT, PN, UC and UT are decoded with the Specific Character Set; others use the default repertoire.</summary>
    public bool IsCharacterSetDependent { get; }

    /// <summary>False for LT, ST, UT and UR, whose value is one text in which a backslash is an ordinary character.</summary>
    public bool IsMultiValued { get; }

    /// <summary>PS3.5 7.1.2: in explicit VR these VRs have two reserved bytes and a 32-bit length; the others a 16-bit length.</summary>
    public bool Has32BitLength { get; }

    /// <summary>Size in bytes of one binary value, which is also the unit of byte swapping for big endian (1 for strings, OB and UN).</summary>
    public int UnitSize { get; }

    /// <summary>Maximum length in bytes of one value (characters for text VRs) by PS3.5 Table 6.2-1; 0 where it is only limited by the length field.</summary>
    public uint MaximumLength { get; }

    /// <summary>PS3.5 7.1.1 and 6.2: values are padded to even length with a space for text, NUL for UI and binary VRs.</summary>
    public byte PaddingByte => Kind == VRKind.Text && this != UI ? (byte)' ' : (byte)0;

    /// <summary>The VR with this two-letter code.</summary>
    public static DicomVR Parse(string code) =>
        code.Length == 2 && TryParse((byte)code[0], (byte)code[1], out var vr)
            ? vr
            : throw new DicomDataException($"'{code}' is not a value representation of PS3.5 Table 6.2-1.");

    /// <summary>The VR whose code is the two bytes <paramref name="c0"/>, <paramref name="c1"/>, as they appear in an explicit VR element.</summary>
    public static bool TryParse(byte c0, byte c1, out DicomVR vr)
    {
        vr = (c0 << 8 | c1) switch
        {
            0x4145 => AE, 0x4153 => AS, 0x4154 => AT, 0x4353 => CS, 0x4441 => DA, 0x4453 => DS, 0x4454 => DT,
            0x4644 => FD, 0x464C => FL, 0x4953 => IS, 0x4C4F => LO, 0x4C54 => LT, 0x4F42 => OB, 0x4F44 => OD,
            0x4F46 => OF, 0x4F4C => OL, 0x4F56 => OV, 0x4F57 => OW, 0x504E => PN, 0x5348 => SH, 0x534C => SL,
            0x5351 => SQ, 0x5353 => SS, 0x5354 => ST, 0x5356 => SV, 0x544D => TM, 0x5543 => UC, 0x5549 => UI,
            0x554C => UL, 0x554E => UN, 0x5552 => UR, 0x5553 => US, 0x5554 => UT, 0x5556 => UV,
            _ => null!,
        };
        return vr is not null;
    }

    public override string ToString() => Code;
}
