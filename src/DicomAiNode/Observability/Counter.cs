namespace DicomAiNode.Observability;

/// <summary>A monotonically increasing count (Prometheus counter; the name ends in <c>_total</c>).</summary>
public sealed class Counter : MetricFamily
{
    internal Counter(string name, string help, string[] labelNames) : base(name, help, labelNames)
    {
        if (!name.EndsWith("_total", StringComparison.Ordinal)) throw new ArgumentException($"counter {name} must end in _total");
    }

    public override string TypeName => "counter";

    public void Inc(params string[] labelValues) => Add(1, labelValues);

    public void Add(double amount, params string[] labelValues)
    {
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount), "a counter only goes up");
        var cell = Cell<Box>(labelValues);
        lock (cell) cell.Value += amount;
    }

    public double Value(params string[] labelValues)
    {
        var cell = Cell<Box>(labelValues);
        lock (cell) return cell.Value;
    }

    internal override object NewCell() => new Box();

    internal override void WriteSamples(TextWriter writer, string[] labelValues, object cell)
    {
        var box = (Box)cell;
        double v;
        lock (box) v = box.Value;
        writer.Write($"{Name}{PrometheusText.Labels(LabelNames, labelValues)} {PrometheusText.Value(v)}\n");
    }

    internal sealed class Box
    {
        public double Value;
    }
}
