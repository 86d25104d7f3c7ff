using System.Text;

namespace DicomAiNode.Observability;

/// <summary>
/// A small metric registry exposed in the Prometheus text format (0.0.4). Owned by DI, never static: each host (and
/// each test) has its own.
/// </summary>
public sealed class MetricRegistry
{
    private readonly List<MetricFamily> _families = [];
    private readonly List<Func<CancellationToken, Task>> _collectors = [];
    private readonly Lock _gate = new();

    public Counter Counter(string name, string help, params string[] labelNames) => Add(new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) => Add(new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, double[] bounds, params string[] labelNames) => Add(new Histogram(name, help, bounds, labelNames));

    /// <summary>Runs before each exposition, to refresh gauges read from elsewhere (e.g. the database).</summary>
    public void OnCollect(Func<CancellationToken, Task> collector)
    {
        lock (_gate) _collectors.Add(collector);
    }

    /// <summary>The whole registry in the Prometheus text format.</summary>
    public async Task<string> ExposeAsync(CancellationToken cancellationToken)
    {
        Func<CancellationToken, Task>[] collectors;
        MetricFamily[] families;
        lock (_gate)
        {
            collectors = [.. _collectors];
            families = [.. _families];
        }
        foreach (var collect in collectors) await collect(cancellationToken);
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb);
        foreach (var family in families) family.Write(writer);
        return sb.ToString();
    }

    private T Add<T>(T family) where T : MetricFamily
    {
        lock (_gate)
        {
            if (_families.Any(f => f.Name == family.Name)) throw new InvalidOperationException($"metric {family.Name} is registered twice");
            _families.Add(family);
        }
        return family;
    }
}
