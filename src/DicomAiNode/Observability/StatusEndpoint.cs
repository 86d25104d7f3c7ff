using System.Net;
using System.Text;

using DicomAiNode.Configuration;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Observability;

/// <summary>
/// A small HTTP listener (loopback by default) serving <c>GET /health</c> (JSON; 200 when every probe is healthy,
/// else 503) and <c>GET /metrics</c> (Prometheus text format 0.0.4).
/// </summary>
public sealed class StatusEndpoint : BackgroundService
{
    private readonly HttpOptions _options;
    private readonly IEnumerable<IHealthProbe> _probes;
    private readonly MetricRegistry _registry;
    private readonly ILogger<StatusEndpoint> _logger;
    private HttpListener? _listener;

    public StatusEndpoint(IOptions<NodeOptions> options, IEnumerable<IHealthProbe> probes, MetricRegistry registry, ILogger<StatusEndpoint> logger)
    {
        _options = options.Value.Http;
        _probes = probes;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>Binds before returning, so that a port in use stops start-up with a clear error.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled) return Task.CompletedTask;
        var listener = new HttpListener();
        listener.Prefixes.Add(_options.Url.EndsWith('/') ? _options.Url : _options.Url + "/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new InvalidOperationException($"cannot listen on {_options.Url} (Http.Url): {e.Message}", e);
        }
        _listener = listener;
        Log.StatusEndpointListening(_logger, _options.Url);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the listener exactly once, which also ends a pending <c>GetContextAsync</c>. The managed HttpListener
    /// unregisters its prefixes at every Stop and again at Close, and the second time it binds the port anew to do so:
    /// Stop followed by Close fails with "Address already in use" when another process took the port in between.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Close();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener;
        if (listener is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => AnswerAsync(context, stoppingToken), CancellationToken.None);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken ct)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath ?? "/";
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                await WriteAsync(response, 405, "text/plain; charset=utf-8", "only GET\n", ct);
            }
            else if (path == "/health")
            {
                var report = await HealthReport.RunAsync(_probes, ct);
                await WriteAsync(response, report.Healthy ? 200 : 503, "application/json; charset=utf-8", report.ToJson() + "\n", ct);
            }
            else if (path == "/metrics")
            {
                await WriteAsync(response, 200, PrometheusText.ContentType, await _registry.ExposeAsync(ct), ct);
            }
            else
            {
                await WriteAsync(response, 404, "text/plain; charset=utf-8", "not found: try /health or /metrics\n", ct);
            }
        }
        catch (Exception e)
        {
            Log.StatusRequestFailed(_logger, e);
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, ct);
        response.Close();
    }
}
