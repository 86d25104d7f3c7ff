using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DicomAiNode.Tests.Support;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, written from the format's description, so that
/// tests check what a Prometheus server would accept: HELP/TYPE before samples, one TYPE per family, valid names,
/// quoted and escaped label values, float values, histogram buckets cumulative with le="+Inf" equal to _count.
/// </summary>
public static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static Dictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n')) throw new FormatException("exposition must end with a line feed");
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (var line in text.Split('\n')[..^1])
        {
            lineNo++;
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                int sp = rest.IndexOf(' ', StringComparison.Ordinal);
                var name = sp < 0 ? rest : rest[..sp];
                Check(MetricName().IsMatch(name), lineNo, $"bad metric name '{name}'");
                Check(!helps.ContainsKey(name), lineNo, $"second HELP for {name}");
                helps[name] = sp < 0 ? "" : UnescapeHelp(rest[(sp + 1)..], lineNo);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Check(parts.Length == 2, lineNo, "TYPE needs a name and a type");
                Check(MetricName().IsMatch(parts[0]), lineNo, $"bad metric name '{parts[0]}'");
                Check(parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", lineNo, $"unknown type {parts[1]}");
                Check(!families.ContainsKey(parts[0]), lineNo, $"second TYPE for {parts[0]}");
                families[parts[0]] = new Family(parts[0], parts[1], helps.GetValueOrDefault(parts[0], ""), []);
                continue;
            }
            if (line.StartsWith('#')) continue;
            var sample = ParseSample(line, lineNo);
            var family = families.Values.FirstOrDefault(f => sample.Name == f.Name
                || (f.Type == "histogram" && (sample.Name == f.Name + "_bucket" || sample.Name == f.Name + "_sum" || sample.Name == f.Name + "_count")));
            Check(family is not null, lineNo, $"sample {sample.Name} before (or without) its TYPE line");
            family!.Samples.Add(sample);
        }
        foreach (var f in families.Values.Where(f => f.Type == "histogram")) CheckHistogram(f);
        return families;
    }

    private static Sample ParseSample(string line, int lineNo)
    {
        int i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        Check(MetricName().IsMatch(name), lineNo, $"bad metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int eq = line.IndexOf('=', i);
                Check(eq > i, lineNo, "label without '='");
                var label = line[i..eq];
                Check(LabelName().IsMatch(label), lineNo, $"bad label name '{label}'");
                Check(line[eq + 1] == '"', lineNo, "label value must be quoted");
                var value = new StringBuilder();
                int j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { '\\' => '\\', '"' => '"', 'n' => '\n', _ => throw new FormatException($"line {lineNo}: bad escape \\{line[j]}") });
                    }
                    else value.Append(line[j]);
                }
                Check(labels.TryAdd(label, value.ToString()), lineNo, $"label {label} twice");
                i = j + 1;
                if (line[i] == ',') i++;
                else Check(line[i] == '}', lineNo, "expected ',' or '}' after a label");
            }
            i++;
        }
        Check(i < line.Length && line[i] == ' ', lineNo, "expected a space before the value");
        var fields = line[(i + 1)..].Split(' ');
        Check(fields.Length is 1 or 2, lineNo, "expected value [timestamp]");
        double v = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"line {lineNo}: bad value '{s}'"),
        };
        return new Sample(name, labels, v);
    }

    private static void CheckHistogram(Family f)
    {
        var groups = f.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")));
        foreach (var g in groups)
        {
            var buckets = g.Where(s => s.Name == f.Name + "_bucket").ToList();
            if (buckets.Count == 0) throw new FormatException($"histogram {f.Name} has no buckets for {{{g.Key}}}");
            var les = buckets.Select(b => b.Labels.TryGetValue("le", out var le) ? le : throw new FormatException($"{f.Name}_bucket without le")).ToList();
            if (les[^1] != "+Inf") throw new FormatException($"histogram {f.Name}: last bucket must be le=\"+Inf\"");
            for (int k = 1; k < buckets.Count; k++)
            {
                if (buckets[k].Value < buckets[k - 1].Value) throw new FormatException($"histogram {f.Name}: buckets are not cumulative");
                if (k < buckets.Count - 1 && double.Parse(les[k], CultureInfo.InvariantCulture) <= double.Parse(les[k - 1], CultureInfo.InvariantCulture))
                    throw new FormatException($"histogram {f.Name}: le values not increasing");
            }
            var count = g.SingleOrDefault(s => s.Name == f.Name + "_count") ?? throw new FormatException($"histogram {f.Name} lacks _count");
            _ = g.SingleOrDefault(s => s.Name == f.Name + "_sum") ?? throw new FormatException($"histogram {f.Name} lacks _sum");
            if (count.Value != buckets[^1].Value) throw new FormatException($"histogram {f.Name}: _count {count.Value} differs from the +Inf bucket {buckets[^1].Value}");
        }
    }

    private static string UnescapeHelp(string s, int lineNo)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\') sb.Append(s[i]);
            else sb.Append(s[++i] switch { '\\' => '\\', 'n' => '\n', _ => throw new FormatException($"line {lineNo}: bad escape in HELP") });
        }
        return sb.ToString();
    }

    private static void Check(bool condition, int lineNo, string message)
    {
        if (!condition) throw new FormatException($"line {lineNo}: {message}");
    }
}
