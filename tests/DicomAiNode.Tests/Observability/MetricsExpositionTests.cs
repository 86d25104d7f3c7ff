using DicomAiNode.Observability;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Observability;

public class MetricsExpositionTests
{
    [Fact]
    public async Task Node_metrics_parse_as_Prometheus_text_and_counters_move()
    {
        var metrics = new NodeMetrics(new MetricRegistry());
        var before = PrometheusTextParser.Parse(await metrics.Registry.ExposeAsync(CancellationToken.None));
        Assert.Equal("counter", before["dicomainode_instances_received_total"].Type);
        Assert.Equal("histogram", before["dicomainode_inference_seconds_per_slice"].Type);
        Assert.Empty(before["dicomainode_instances_received_total"].Samples);

        metrics.Associations.Inc("accepted");
        metrics.Associations.Inc("rejected");
        metrics.InstancesReceived.Add(3);
        metrics.BytesReceived.Add(1_572_864);
        metrics.InferenceLatency.Observe(0.004, "phantom");
        metrics.InferenceLatency.Observe(0.3, "phantom");
        metrics.InferenceLatency.Observe(42, "phantom");
        metrics.ResultsSent.Inc("ORTHANC");
        metrics.StudiesPending.Set(2, "receiving");

        var after = PrometheusTextParser.Parse(await metrics.Registry.ExposeAsync(CancellationToken.None));
        Assert.Equal(3, after["dicomainode_instances_received_total"].Samples.Single().Value);
        Assert.Equal(1_572_864, after["dicomainode_received_bytes_total"].Samples.Single().Value);
        Assert.Equal(1, after["dicomainode_associations_total"].Samples.Single(s => s.Labels["outcome"] == "rejected").Value);
        Assert.Equal(2, after["dicomainode_studies_pending"].Samples.Single(s => s.Labels["state"] == "receiving").Value);
        var latency = after["dicomainode_inference_seconds_per_slice"].Samples;
        Assert.Equal(1, latency.Single(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["le"] == "0.005").Value);
        Assert.Equal(2, latency.Single(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["le"] == "0.5").Value);
        Assert.Equal(3, latency.Single(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["le"] == "+Inf").Value);
        Assert.Equal(42.304, latency.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)).Value, 9);
        Assert.Equal("phantom", latency.First().Labels["model"]);
    }

    [Fact]
    public async Task Label_values_and_help_are_escaped()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("odd_total", "help with \\ and\nnewline", "peer");
        counter.Inc("A \"quoted\" \\ value\nwith newline");
        var text = await registry.ExposeAsync(CancellationToken.None);
        var family = PrometheusTextParser.Parse(text)["odd_total"];
        Assert.Equal("help with \\ and\nnewline", family.Help);
        Assert.Equal("A \"quoted\" \\ value\nwith newline", family.Samples.Single().Labels["peer"]);
    }

    [Fact]
    public void Invalid_names_wrong_label_counts_and_negative_increments_are_programmer_errors()
    {
        var registry = new MetricRegistry();
        Assert.Throws<ArgumentException>(() => registry.Counter("bad-name_total", "x"));
        Assert.Throws<ArgumentException>(() => registry.Counter("no_suffix", "x"));
        var c = registry.Counter("ok_total", "x", "a");
        Assert.Throws<ArgumentException>(() => c.Inc());
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Add(-1, "v"));
        Assert.Throws<InvalidOperationException>(() => registry.Gauge("ok_total", "again"));
    }

    [Fact]
    public async Task Collectors_refresh_gauges_before_exposition()
    {
        var registry = new MetricRegistry();
        var gauge = registry.Gauge("backlog", "x");
        int calls = 0;
        registry.OnCollect(_ =>
        {
            gauge.Set(++calls * 10);
            return Task.CompletedTask;
        });
        await registry.ExposeAsync(CancellationToken.None);
        var families = PrometheusTextParser.Parse(await registry.ExposeAsync(CancellationToken.None));
        Assert.Equal(20, families["backlog"].Samples.Single().Value);
    }
}
