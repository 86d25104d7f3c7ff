using System.Globalization;
using System.Text;

namespace DicomAiNode.Observability;

/// <summary>Pieces of the Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void CheckName(string name)
    {
        // Metric and label names: [a-zA-Z_:][a-zA-Z0-9_:]* (labels without ':').
        bool ok = name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        if (!ok) throw new ArgumentException($"'{name}' is not a valid Prometheus metric or label name");
    }

    public static string Value(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>HELP text escapes backslash and line feed.</summary>
    public static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string EscapeLabel(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary><c>{a="x",b="y"}</c>, or empty without labels.</summary>
    public static string Labels(IReadOnlyList<string> names, IReadOnlyList<string> values, string? extraName = null, string? extraValue = null)
    {
        if (names.Count == 0 && extraName is null) return "";
        var sb = new StringBuilder("{");
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(names[i]).Append("=\"").Append(EscapeLabel(values[i])).Append('"');
        }
        if (extraName is not null)
        {
            if (names.Count > 0) sb.Append(',');
            sb.Append(extraName).Append("=\"").Append(EscapeLabel(extraValue!)).Append('"');
        }
        return sb.Append('}').ToString();
    }
}
