using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomAiNode.Observability;

/// <summary>The answer of <c>/health</c>: every probe's result and the overall status.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyDictionary<string, ProbeResult> Checks)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs every probe; a probe that throws counts as unhealthy with the exception's message.</summary>
    public static async Task<HealthReport> RunAsync(IEnumerable<IHealthProbe> probes, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, ProbeResult>(StringComparer.Ordinal);
        foreach (var probe in probes)
        {
            try
            {
                checks[probe.Name] = await probe.CheckAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks[probe.Name] = new ProbeResult(false, $"check failed: {e.Message}");
            }
        }
        return new HealthReport(checks.Values.All(c => c.Healthy), checks);
    }

    public string ToJson()
    {
        var checks = new JsonObject();
        foreach (var (name, result) in Checks)
        {
            var item = new JsonObject { ["healthy"] = result.Healthy, ["detail"] = result.Detail };
            if (result.Data is not null)
                foreach (var (key, value) in result.Data) item[key] = value?.DeepClone();
            checks[name] = item;
        }
        return new JsonObject { ["status"] = Healthy ? "healthy" : "unhealthy", ["checks"] = checks }.ToJsonString(Indented);
    }
}
