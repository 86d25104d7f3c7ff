using System.Collections.Concurrent;

namespace DicomAiNode.Observability;

/// <summary>
/// Where long-lived components report their state for <c>/health</c> (e.g. the SCP: "listening on 0.0.0.0:11112";
/// the inference session: "model loaded, CPU"). A component that never reported is "not started".
/// </summary>
public sealed class ComponentStatusBoard
{
    public const string Scp = "scp";
    public const string Model = "model";

    private readonly ConcurrentDictionary<string, ProbeResult> _states = new(StringComparer.Ordinal);

    public void Report(string component, bool healthy, string detail) => _states[component] = new ProbeResult(healthy, detail);

    public ProbeResult Get(string component) => _states.GetValueOrDefault(component) ?? new ProbeResult(false, "not started");
}
