namespace DicomAiNode.Observability;

/// <summary>Observations counted into cumulative buckets, with their sum and count (Prometheus histogram).</summary>
public sealed class Histogram : MetricFamily
{
    private readonly double[] _bounds;

    internal Histogram(string name, string help, double[] bounds, string[] labelNames) : base(name, help, labelNames)
    {
        if (labelNames.Contains("le")) throw new ArgumentException("'le' is reserved for histogram buckets");
        if (bounds.Length == 0 || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException($"histogram {name} needs increasing bucket bounds");
        _bounds = bounds;
    }

    public override string TypeName => "histogram";

    public IReadOnlyList<double> Bounds => _bounds;

    public void Observe(double value, params string[] labelValues)
    {
        var cell = Cell<Cells>(labelValues);
        int i = Array.BinarySearch(_bounds, value);
        int bucket = i >= 0 ? i : ~i; // the first bound ≥ value; _bounds.Length is the +Inf bucket
        lock (cell)
        {
            cell.Buckets[bucket]++;
            cell.Sum += value;
            cell.Count++;
        }
    }

    public long Count(params string[] labelValues)
    {
        var cell = Cell<Cells>(labelValues);
        lock (cell) return cell.Count;
    }

    internal override object NewCell() => new Cells(_bounds.Length + 1);

    internal override void WriteSamples(TextWriter writer, string[] labelValues, object cell)
    {
        var c = (Cells)cell;
        long[] buckets;
        double sum;
        long count;
        lock (c)
        {
            buckets = (long[])c.Buckets.Clone();
            sum = c.Sum;
            count = c.Count;
        }
        var labels = PrometheusText.Labels(LabelNames, labelValues);
        long cumulative = 0;
        for (int i = 0; i <= _bounds.Length; i++)
        {
            cumulative += buckets[i];
            var le = i < _bounds.Length ? PrometheusText.Value(_bounds[i]) : "+Inf";
            writer.Write($"{Name}_bucket{PrometheusText.Labels(LabelNames, labelValues, "le", le)} {cumulative}\n");
        }
        writer.Write($"{Name}_sum{labels} {PrometheusText.Value(sum)}\n");
        writer.Write($"{Name}_count{labels} {count}\n");
    }

    internal sealed class Cells(int buckets)
    {
        public readonly long[] Buckets = new long[buckets];
        public double Sum;
        public long Count;
    }
}
