namespace DicomAiNode.Observability;

/// <summary>A health probe that reads what a component reported to the <see cref="ComponentStatusBoard"/>.</summary>
public sealed class ComponentStatusProbe : IHealthProbe
{
    private readonly ComponentStatusBoard _board;

    public ComponentStatusProbe(string component, ComponentStatusBoard board)
    {
        Name = component;
        _board = board;
    }

    public string Name { get; }

    public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(_board.Get(Name));
}
