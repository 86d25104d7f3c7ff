namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A DIMSE status (0000,0900): the general codes of PS3.7 Annex C and the C-STORE codes of PS3.4 Table B.2-1.
/// </summary>
public readonly record struct DicomStatus(ushort Code)
{
    public static DicomStatus Success => new(0x0000);

    /// <summary>B000: Warning, coercion of data elements.</summary>
    public static DicomStatus CoercionOfDataElements => new(0xB000);

    /// <summary>B007: Warning, data set does not match SOP class.</summary>
    public static DicomStatus DataSetDoesNotMatchSopClassWarning => new(0xB007);

    /// <summary>B006: Warning, elements discarded.</summary>
    public static DicomStatus ElementsDiscarded => new(0xB006);

    /// <summary>A700: Refused, out of resources (PS3.4 B.2.3: A7xx).</summary>
    public static DicomStatus OutOfResources => new(0xA700);

    /// <summary>A900: Error, data set does not match SOP class (A9xx).</summary>
    public static DicomStatus DataSetDoesNotMatchSopClass => new(0xA900);

    /// <summary>C000: Error, cannot understand (Cxxx).</summary>
    public static DicomStatus CannotUnderstand => new(0xC000);

    /// <summary>0110: Processing failure.</summary>
    public static DicomStatus ProcessingFailure => new(0x0110);

    /// <summary>0122: Refused, SOP class not supported.</summary>
    public static DicomStatus SopClassNotSupported => new(0x0122);

    /// <summary>0124: Refused, not authorized.</summary>
    public static DicomStatus NotAuthorized => new(0x0124);

    /// <summary>0210: Duplicate invocation (message ID already outstanding).</summary>
    public static DicomStatus DuplicateInvocation => new(0x0210);

    /// <summary>0211: Unrecognized operation.</summary>
    public static DicomStatus UnrecognizedOperation => new(0x0211);

    /// <summary>0212: Mistyped argument.</summary>
    public static DicomStatus MistypedArgument => new(0x0212);

    /// <summary>0213: Resource limitation.</summary>
    public static DicomStatus ResourceLimitation => new(0x0213);

    public bool IsSuccess => Code == 0x0000;

    /// <summary>PS3.7 C.3: warnings are 0001 and Bxxx (and 0107, 0116 for N-services).</summary>
    public bool IsWarning => Code == 0x0001 || (Code & 0xF000) == 0xB000 || Code is 0x0107 or 0x0116;

    public bool IsPending => Code is 0xFF00 or 0xFF01;

    public bool IsCancel => Code == 0xFE00;

    public bool IsFailure => !IsSuccess && !IsWarning && !IsPending && !IsCancel;

    public override string ToString() => $"{Code:X4}H ({Meaning})";

    private string Meaning => Code switch
    {
        0x0000 => "Success",
        0xB000 => "Warning: coercion of data elements",
        0xB007 => "Warning: data set does not match SOP class",
        0xB006 => "Warning: elements discarded",
        0x0110 => "Failure: processing failure",
        0x0122 => "Refused: SOP class not supported",
        0x0124 => "Refused: not authorized",
        0x0210 => "Failure: duplicate invocation",
        0x0211 => "Failure: unrecognized operation",
        0x0212 => "Failure: mistyped argument",
        0x0213 => "Failure: resource limitation",
        0xFF00 or 0xFF01 => "Pending",
        0xFE00 => "Cancel",
        _ when (Code & 0xFF00) == 0xA700 => "Refused: out of resources",
        _ when (Code & 0xFF00) == 0xA900 => "Error: data set does not match SOP class",
        _ when (Code & 0xF000) == 0xC000 => "Error: cannot understand",
        _ when IsWarning => "Warning",
        _ => "Failure",
    };
}
