using System.Collections.Concurrent;

namespace DicomAiNode.Observability;

/// <summary>A named metric with help text and label names; one child per combination of label values.</summary>
public abstract class MetricFamily
{
    private readonly ConcurrentDictionary<string, (string[] Values, object Cell)> _children = new(StringComparer.Ordinal);

    protected MetricFamily(string name, string help, string[] labelNames)
    {
        PrometheusText.CheckName(name);
        foreach (var l in labelNames) PrometheusText.CheckName(l);
        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>counter, gauge or histogram.</summary>
    public abstract string TypeName { get; }

    internal abstract void WriteSamples(TextWriter writer, string[] labelValues, object cell);

    internal abstract object NewCell();

    internal IEnumerable<(string[] Values, object Cell)> Children => _children.Values.OrderBy(c => string.Join('\u0001', c.Values), StringComparer.Ordinal);

    protected T Cell<T>(string[] labelValues) where T : class
    {
        if (labelValues.Length != LabelNames.Count)
            throw new ArgumentException($"metric {Name} takes {LabelNames.Count} label values ({string.Join(", ", LabelNames)}), got {labelValues.Length}");
        var key = string.Join('\u0001', labelValues);
        return (T)_children.GetOrAdd(key, _ => (labelValues.ToArray(), NewCell())).Cell;
    }

    internal void Write(TextWriter writer)
    {
        writer.Write("# HELP ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(PrometheusText.EscapeHelp(Help));
        writer.Write('\n');
        writer.Write($"# TYPE {Name} {TypeName}\n");
        foreach (var (values, cell) in Children) WriteSamples(writer, values, cell);
    }
}
