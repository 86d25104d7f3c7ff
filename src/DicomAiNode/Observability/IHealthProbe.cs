namespace DicomAiNode.Observability;

/// <summary>One line of <c>/health</c>: a named check of one part of the node.</summary>
public interface IHealthProbe
{
    string Name { get; }

    Task<ProbeResult> CheckAsync(CancellationToken cancellationToken);
}
