using System.Text.Json.Nodes;

namespace DicomAiNode.Observability;

/// <summary>The state of one part of the node, with a sentence for the operator and optional values.</summary>
public sealed record ProbeResult(bool Healthy, string Detail, JsonObject? Data = null);
