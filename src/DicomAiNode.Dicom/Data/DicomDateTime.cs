using System.Globalization;

namespace DicomAiNode.Dicom.Data;

/// <summary>Parses and formats DA, TM and DT values (PS3.5 Table 6.2-1).</summary>
internal static class DicomDateTime
{
    private static readonly string[] DateFormats = ["yyyyMMdd", "yyyy.MM.dd", "yyyy-MM-dd"];

    public static DateTime ParseDateTime(string text, DicomVR vr)
    {
        text = text.Trim();
        if (vr == DicomVR.DA || (vr != DicomVR.DT && vr != DicomVR.TM))
        {
            // Also accept the ACR-NEMA form yyyy.mm.dd met in old files.
            return DateTime.ParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None);
        }
        if (vr == DicomVR.TM)
        {
            return DateTime.MinValue.Add(ParseTime(text).ToTimeSpan());
        }
        return ParseDateTimeOffset(text, vr).DateTime;
    }

    /// <summary>DT: YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]; missing components take their lowest value.</summary>
    public static DateTimeOffset ParseDateTimeOffset(string text, DicomVR vr)
    {
        text = text.Trim();
        if (vr == DicomVR.DA)
        {
            return new DateTimeOffset(ParseDateTime(text, vr), TimeSpan.Zero);
        }
        TimeSpan offset = TimeSpan.Zero;
        int sign = text.IndexOfAny(['+', '-'], 4);
        if (sign > 0)
        {
            var zone = text[(sign + 1)..];
            offset = new TimeSpan(int.Parse(zone[..2], CultureInfo.InvariantCulture), int.Parse(zone[2..4], CultureInfo.InvariantCulture), 0);
            if (text[sign] == '-')
            {
                offset = -offset;
            }
            text = text[..sign];
        }
        int Part(int start, int length, int fallback) => text.Length >= start + length ? int.Parse(text.AsSpan(start, length), CultureInfo.InvariantCulture) : fallback;
        var date = new DateTime(Part(0, 4, 1), Part(4, 2, 1), Part(6, 2, 1), Part(8, 2, 0), Part(10, 2, 0), Part(12, 2, 0), DateTimeKind.Unspecified);
        if (text.Length > 15 && text[14] == '.')
        {
            date = date.AddTicks(FractionTicks(text[15..]));
        }
        return new DateTimeOffset(date, offset);
    }

    /// <summary>TM: HH[MM[SS[.F{1-6}]]], also the ACR-NEMA form HH:MM:SS.</summary>
    public static TimeOnly ParseTime(string text)
    {
        text = text.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        int Part(int start) => text.Length >= start + 2 ? int.Parse(text.AsSpan(start, 2), CultureInfo.InvariantCulture) : 0;
        var time = new TimeOnly(Part(0), Part(2), Part(4));
        if (text.Length > 7 && text[6] == '.')
        {
            time = time.Add(TimeSpan.FromTicks(FractionTicks(text[7..])));
        }
        return time;
    }

    private static long FractionTicks(string digits)
    {
        digits = digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    public static string Format(DateTime value, DicomVR vr)
    {
        if (vr == DicomVR.DA)
        {
            return value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        }
        if (vr == DicomVR.TM)
        {
            return Format(TimeOnly.FromDateTime(value));
        }
        var text = value.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        long fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + (fraction / 10).ToString("D6", CultureInfo.InvariantCulture);
    }

    public static string Format(DateTimeOffset value, DicomVR vr)
    {
        var text = Format(value.DateTime, vr);
        if (vr != DicomVR.DT)
        {
            return text;
        }
        var offset = value.Offset;
        return text + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
    }

    public static string Format(TimeOnly value)
    {
        var text = value.ToString("HHmmss", CultureInfo.InvariantCulture);
        long fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + (fraction / 10).ToString("D6", CultureInfo.InvariantCulture);
    }
}
