using DicomAiNode.Storage;

namespace DicomAiNode.Observability;

/// <summary>The embedded database answers and has the expected schema.</summary>
public sealed class DatabaseProbe : IHealthProbe
{
    private readonly NodeDatabase _database;

    public DatabaseProbe(NodeDatabase database)
    {
        _database = database;
    }

    public string Name => "database";

    public async Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) =>
        await _database.IsHealthyAsync(cancellationToken)
            ? new ProbeResult(true, $"ok ({_database.FilePath})")
            : new ProbeResult(false, $"not answering or wrong schema ({_database.FilePath})");
}
