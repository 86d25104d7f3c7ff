using System.Net;
using System.Text.Json.Nodes;

using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Tests.Support;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Observability;

public sealed class StatusEndpointTests
{
    private sealed class FixedProbe(string name, bool healthy) : IHealthProbe
    {
        public string Name => name;

        public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(new ProbeResult(healthy, healthy ? "fine" : "broken"));
    }

    private sealed class ThrowingProbe : IHealthProbe
    {
        public string Name => "explodes";

        public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) => throw new IOException("disk gone");
    }

    private static async Task<(StatusEndpoint Endpoint, Uri Base)> StartAsync(IEnumerable<IHealthProbe> probes, MetricRegistry registry)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/";
        var options = new NodeOptions();
        options.Http.Url = url;
        var endpoint = new StatusEndpoint(MsOptions.Create(options), probes, registry, new ListLogger<StatusEndpoint>());
        await endpoint.StartAsync(CancellationToken.None);
        return (endpoint, new Uri(url));
    }

    [Fact]
    public async Task Health_is_200_when_every_probe_is_healthy_and_503_otherwise()
    {
        var board = new ComponentStatusBoard();
        var probes = new IHealthProbe[] { new ComponentStatusProbe(ComponentStatusBoard.Scp, board), new FixedProbe("database", true) };
        var (endpoint, baseUri) = await StartAsync(probes, new MetricRegistry());
        using var http = new HttpClient { BaseAddress = baseUri };
        try
        {
            var first = await http.GetAsync(new Uri("health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            var json = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
            Assert.Equal("unhealthy", (string)json["status"]!);
            Assert.Equal("not started", (string)json["checks"]!["scp"]!["detail"]!);

            board.Report(ComponentStatusBoard.Scp, true, "listening on 127.0.0.1:11112");
            var second = await http.GetAsync(new Uri("health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("other", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await endpoint.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Metrics_are_served_in_the_Prometheus_text_format()
    {
        var metrics = new NodeMetrics(new MetricRegistry());
        var (endpoint, baseUri) = await StartAsync([], metrics.Registry);
        using var http = new HttpClient { BaseAddress = baseUri };
        try
        {
            metrics.InstancesReceived.Add(5);
            var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
            var families = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(5, families["dicomainode_instances_received_total"].Samples.Single().Value);
            metrics.InstancesReceived.Inc();
            families = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
            Assert.Equal(6, families["dicomainode_instances_received_total"].Samples.Single().Value);
        }
        finally
        {
            await endpoint.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_probe_that_throws_is_reported_unhealthy_with_its_message()
    {
        var report = await HealthReport.RunAsync([new FixedProbe("a", true), new ThrowingProbe()], CancellationToken.None);
        Assert.False(report.Healthy);
        Assert.Equal("check failed: disk gone", report.Checks["explodes"].Detail);
    }

    [Fact]
    public async Task Port_in_use_stops_start_up_naming_the_URL()
    {
        var (first, baseUri) = await StartAsync([], new MetricRegistry());
        try
        {
            var options = new NodeOptions();
            options.Http.Url = baseUri.ToString();
            var second = new StatusEndpoint(MsOptions.Create(options), [], new MetricRegistry(), new ListLogger<StatusEndpoint>());
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(CancellationToken.None));
            Assert.Contains(baseUri.ToString(), e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Stopping_frees_the_port_at_once_and_a_stopped_endpoint_can_be_stopped_again()
    {
        var (endpoint, baseUri) = await StartAsync([], new MetricRegistry());
        await endpoint.StopAsync(CancellationToken.None);
        await endpoint.StopAsync(CancellationToken.None);
        endpoint.Dispose();

        // The port is ours again: another process (here a plain socket) can bind it, and a new endpoint after it.
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, baseUri.Port));
            socket.Listen();
        }
        var options = new NodeOptions();
        options.Http.Url = baseUri.ToString();
        using var again = new StatusEndpoint(MsOptions.Create(options), [], new MetricRegistry(), new ListLogger<StatusEndpoint>());
        await again.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = baseUri };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("other", UriKind.Relative))).StatusCode);
        await again.StopAsync(CancellationToken.None);
    }
}
