namespace DicomAiNode.Observability;

/// <summary>A value that goes up and down (Prometheus gauge).</summary>
public sealed class Gauge : MetricFamily
{
    internal Gauge(string name, string help, string[] labelNames) : base(name, help, labelNames)
    {
    }

    public override string TypeName => "gauge";

    public void Set(double value, params string[] labelValues)
    {
        var cell = Cell<Counter.Box>(labelValues);
        lock (cell) cell.Value = value;
    }

    public void Add(double amount, params string[] labelValues)
    {
        var cell = Cell<Counter.Box>(labelValues);
        lock (cell) cell.Value += amount;
    }

    public double Value(params string[] labelValues)
    {
        var cell = Cell<Counter.Box>(labelValues);
        lock (cell) return cell.Value;
    }

    internal override object NewCell() => new Counter.Box();

    internal override void WriteSamples(TextWriter writer, string[] labelValues, object cell)
    {
        var box = (Counter.Box)cell;
        double v;
        lock (box) v = box.Value;
        writer.Write($"{Name}{PrometheusText.Labels(LabelNames, labelValues)} {PrometheusText.Value(v)}\n");
    }
}
