using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace DicomAiNode.Dicom.Data;

/// <summary>Converts between value bytes (PS3.5 6.2, little endian) and .NET values.</summary>
internal static class DicomValueCodec
{
    /// <summary>The whole value as text with its padding removed (for multi-valued VRs the backslashes stay).</summary>
    public static string DecodeString(DicomElement element, DicomEncoding encoding)
    {
        var vr = element.VR;
        if (vr.IsBinary)
        {
            return string.Join('\\', DecodeBinary(element).Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        }
        var text = encoding.Decode(element.Buffer.Data.Span, vr);
        return Trim(text, vr);
    }

    /// <summary>The values of a text element, split at backslashes where the VR is multi-valued, each without padding.</summary>
    public static string[] DecodeStrings(DicomElement element, DicomEncoding encoding)
    {
        if (element.Length == 0)
        {
            return [];
        }
        var vr = element.VR;
        if (vr.IsBinary)
        {
            return DecodeBinary(element).Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
        }
        var text = encoding.Decode(element.Buffer.Data.Span, vr);
        if (!vr.IsMultiValued)
        {
            return [Trim(text, vr)];
        }
        var values = text.Split('\\');
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Trim(values[i], vr);
        }
        return values;
    }

    /// <summary>PS3.5 Table 6.2-1: trailing spaces (and NUL padding of UI) are insignificant everywhere; leading spaces too for these VRs.</summary>
    private static string Trim(string text, DicomVR vr)
    {
        bool leading = vr == DicomVR.AE || vr == DicomVR.CS || vr == DicomVR.DS || vr == DicomVR.IS || vr == DicomVR.LO
                       || vr == DicomVR.SH || vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT || vr == DicomVR.AS;
        return leading ? text.Trim(' ', '\0') : text.TrimEnd(' ', '\0');
    }

    /// <summary>Encodes text values joined by backslashes and padded to even length with the VR's padding byte.</summary>
    public static byte[] EncodeStrings(DicomVR vr, IReadOnlyList<string> values, DicomEncoding encoding)
    {
        foreach (var v in values)
        {
            if (vr.IsMultiValued && v.Contains('\\', StringComparison.Ordinal))
            {
                throw new DicomDataException($"A value of VR {vr.Code} cannot contain a backslash, the value delimiter: '{v}'.");
            }
        }
        var bytes = encoding.Encode(string.Join('\\', values), vr);
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte;
        return padded;
    }

    /// <summary>The values of a binary element as an array of the VR's own type (ushort[] for US/OW, float[] for FL/OF …).</summary>
    public static Array DecodeBinary(DicomElement element)
    {
        var vr = element.VR;
        if (element.Length > Array.MaxLength)
        {
            throw new DicomDataException($"{DicomDataset.Describe(element.Tag)}: the value ({element.Length} bytes) is too large to convert at once; read it through Buffer.OpenRead().");
        }
        var data = element.Buffer.Data.Span;
        if (vr.UnitSize > 1 && data.Length % vr.UnitSize != 0)
        {
            data = data[..(data.Length - (data.Length % vr.UnitSize))];
        }
        if (vr == DicomVR.AT)
        {
            var tags = new DicomTag[data.Length / 4];
            for (int i = 0; i < tags.Length; i++)
            {
                tags[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 4 + 2)..]));
            }
            return tags;
        }
        return vr.Code switch
        {
            "US" or "OW" => MemoryMarshal.Cast<byte, ushort>(data).ToArray(),
            "SS" => MemoryMarshal.Cast<byte, short>(data).ToArray(),
            "UL" or "OL" => MemoryMarshal.Cast<byte, uint>(data).ToArray(),
            "SL" => MemoryMarshal.Cast<byte, int>(data).ToArray(),
            "FL" or "OF" => MemoryMarshal.Cast<byte, float>(data).ToArray(),
            "FD" or "OD" => MemoryMarshal.Cast<byte, double>(data).ToArray(),
            "SV" => MemoryMarshal.Cast<byte, long>(data).ToArray(),
            "UV" or "OV" => MemoryMarshal.Cast<byte, ulong>(data).ToArray(),
            _ => data.ToArray(),
        };
    }

    /// <summary>The values of <paramref name="element"/> converted to <typeparamref name="T"/>.</summary>
    public static T[] DecodeValues<T>(DicomElement element, DicomEncoding encoding)
    {
        if (typeof(T) == typeof(string))
        {
            return (T[])(object)DecodeStrings(element, encoding);
        }
        if (element.VR.IsString)
        {
            var strings = DecodeStrings(element, encoding);
            var parsed = new T[strings.Length];
            for (int i = 0; i < strings.Length; i++)
            {
                parsed[i] = ParseText<T>(strings[i], element);
            }
            return parsed;
        }
        var native = DecodeBinary(element);
        if (native is T[] same)
        {
            return same;
        }
        var converted = new T[native.Length];
        for (int i = 0; i < converted.Length; i++)
        {
            converted[i] = ConvertNumber<T>(native.GetValue(i)!, element);
        }
        return converted;
    }

    private static T ConvertNumber<T>(object value, DicomElement element)
    {
        try
        {
            if (typeof(T) == typeof(object))
            {
                return (T)value;
            }
            if (value is DicomTag && typeof(T) != typeof(DicomTag))
            {
                throw new InvalidCastException();
            }
            return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            throw new DicomDataException($"{DicomDataset.Describe(element.Tag)}: the {element.VR.Code} value {value} cannot be read as {typeof(T).Name}.", e);
        }
    }

    private static T ParseText<T>(string text, DicomElement element)
    {
        var vr = element.VR;
        try
        {
            object value = typeof(T) switch
            {
                var t when t == typeof(DicomUID) => DicomUID.Lookup(text),
                var t when t == typeof(DicomPersonName) => DicomPersonName.Parse(text),
                var t when t == typeof(DicomTag) => DicomTag.Parse(text),
                var t when t == typeof(DateTime) => DicomDateTime.ParseDateTime(text, vr),
                var t when t == typeof(DateTimeOffset) => DicomDateTime.ParseDateTimeOffset(text, vr),
                var t when t == typeof(DateOnly) => DateOnly.FromDateTime(DicomDateTime.ParseDateTime(text, vr)),
                var t when t == typeof(TimeOnly) => DicomDateTime.ParseTime(text),
                var t when t == typeof(decimal) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                var t when t == typeof(double) || t == typeof(float) || t == typeof(object) =>
                    Convert.ChangeType(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), t == typeof(object) ? typeof(double) : t, CultureInfo.InvariantCulture),
                _ => Convert.ChangeType(
                    vr == DicomVR.DS ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    typeof(T), CultureInfo.InvariantCulture),
            };
            return (T)value;
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw new DicomDataException($"{DicomDataset.Describe(element.Tag)}: the {vr.Code} value '{text}' cannot be read as {typeof(T).Name}.", e);
        }
    }

    /// <summary>Encodes values for <paramref name="vr"/>: formatted text for string VRs, little endian numbers for binary VRs.</summary>
    public static byte[] EncodeValues<T>(DicomTag tag, DicomVR vr, IReadOnlyList<T> values, DicomEncoding encoding)
    {
        if (vr.IsString)
        {
            var texts = new string[values.Count];
            for (int i = 0; i < texts.Length; i++)
            {
                texts[i] = FormatText(tag, vr, values[i]!);
            }
            return EncodeStrings(vr, texts, encoding);
        }
        if (values is byte[] bytes && vr.UnitSize == 1)
        {
            return PadBinary(bytes);
        }
        if (vr == DicomVR.AT)
        {
            var at = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++)
            {
                var t = values[i] is DicomTag dt ? dt : values[i] is string s ? DicomTag.Parse(s) : new DicomTag(Convert.ToUInt32(values[i], CultureInfo.InvariantCulture));
                BinaryPrimitives.WriteUInt16LittleEndian(at.AsSpan(i * 4), t.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(at.AsSpan(i * 4 + 2), t.Element);
            }
            return at;
        }
        int size = vr.UnitSize;
        var result = new byte[values.Count * size];
        var span = result.AsSpan();
        for (int i = 0; i < values.Count; i++)
        {
            object v = values[i]!;
            var slot = span.Slice(i * size, size);
            try
            {
                if (v is string text)
                {
                    v = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                switch (vr.Code)
                {
                    case "US" or "OW": BinaryPrimitives.WriteUInt16LittleEndian(slot, Convert.ToUInt16(v, CultureInfo.InvariantCulture)); break;
                    case "SS": BinaryPrimitives.WriteInt16LittleEndian(slot, Convert.ToInt16(v, CultureInfo.InvariantCulture)); break;
                    case "UL" or "OL": BinaryPrimitives.WriteUInt32LittleEndian(slot, Convert.ToUInt32(v, CultureInfo.InvariantCulture)); break;
                    case "SL": BinaryPrimitives.WriteInt32LittleEndian(slot, Convert.ToInt32(v, CultureInfo.InvariantCulture)); break;
                    case "FL" or "OF": BinaryPrimitives.WriteSingleLittleEndian(slot, Convert.ToSingle(v, CultureInfo.InvariantCulture)); break;
                    case "FD" or "OD": BinaryPrimitives.WriteDoubleLittleEndian(slot, Convert.ToDouble(v, CultureInfo.InvariantCulture)); break;
                    case "SV": BinaryPrimitives.WriteInt64LittleEndian(slot, Convert.ToInt64(v, CultureInfo.InvariantCulture)); break;
                    case "UV" or "OV": BinaryPrimitives.WriteUInt64LittleEndian(slot, Convert.ToUInt64(v, CultureInfo.InvariantCulture)); break;
                    default: slot[0] = Convert.ToByte(v, CultureInfo.InvariantCulture); break;
                }
            }
            catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
            {
                throw new DicomDataException($"{DicomDataset.Describe(tag)}: {v} ({v.GetType().Name}) is not a valid {vr.Code} value.", e);
            }
        }
        return PadBinary(result);
    }

    private static byte[] PadBinary(byte[] bytes)
    {
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static string FormatText(DicomTag tag, DicomVR vr, object value) => value switch
    {
        string s => s,
        DicomUID uid => uid.UID,
        DicomPersonName pn => pn.ToString(),
        DateTime dt => DicomDateTime.Format(dt, vr),
        DateTimeOffset dto => DicomDateTime.Format(dto, vr),
        DateOnly d => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        TimeOnly t => DicomDateTime.Format(t),
        double or float or decimal when vr == DicomVR.DS => FormatDecimalString(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        double or float or decimal when vr == DicomVR.IS => throw new DicomDataException($"{DicomDataset.Describe(tag)}: IS holds integers, not {value}."),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>PS3.5 Table 6.2-1: a DS value has at most 16 characters; use the most precision that fits.</summary>
    public static string FormatDecimalString(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new DicomDataException($"{value} cannot be written as a Decimal String.");
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        for (int precision = 15; text.Length > 16 && precision > 0; precision--)
        {
            text = value.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        return text;
    }
}
