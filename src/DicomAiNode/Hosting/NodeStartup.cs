using DicomAiNode.Configuration;
using DicomAiNode.Observability;
using DicomAiNode.Rules;
using DicomAiNode.Storage;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Hosting;

/// <summary>
/// Runs first when the host starts: creates the data folder and takes its lock (one node per data folder), migrates
/// the database, puts back work a previous process left half-done, and loads the rules (invalid rules stop start-up
/// with every problem listed).
/// </summary>
public sealed class NodeStartup : IHostedService, IDisposable
{
    private readonly NodeOptions _options;
    private readonly NodeDatabase _database;
    private readonly StudyRepository _studies;
    private readonly JobRepository _jobs;
    private readonly OutboxRepository _outbox;
    private readonly RuleSetProvider _rules;
    private readonly NodeMetrics _metrics;
    private readonly ILogger<NodeStartup> _logger;
    private FileStream? _dataFolderLock;

    public NodeStartup(IOptions<NodeOptions> options, NodeDatabase database, StudyRepository studies, JobRepository jobs, OutboxRepository outbox,
        RuleSetProvider rules, NodeMetrics metrics, ILogger<NodeStartup> logger)
    {
        _options = options.Value;
        _database = database;
        _studies = studies;
        _jobs = jobs;
        _outbox = outbox;
        _rules = rules;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.NodeStarting(_logger, ProductInfo.Name, ProductInfo.Version, _options.Node.AeTitle, _options.Node.BindAddress, _options.Node.Port, _options.DataFolderPath);
        Directory.CreateDirectory(_options.DataFolderPath);
        _dataFolderLock = LockDataFolder(_options.DataFolderPath);
        int version = await _database.MigrateAsync(cancellationToken);
        Log.DatabaseReady(_logger, _database.FilePath, version);
        _ = _rules.Current;
        int studies = await _studies.RecoverInterruptedAsync(cancellationToken);
        int jobs = await _jobs.RecoverInterruptedAsync(cancellationToken);
        // Outbox entries left in 'sending' are put back by the outbox worker itself, which owns that state.
        int deliveries = await _outbox.CountAsync(OutboxState.Sending, cancellationToken);
        if (studies + jobs + deliveries > 0) Log.Recovered(_logger, studies, jobs, deliveries);

        _metrics.Registry.OnCollect(async ct =>
        {
            var counts = await _studies.CountByStateAsync(ct);
            foreach (var state in new[] { StudyState.Receiving, StudyState.Ready, StudyState.Processing })
                _metrics.StudiesPending.Set(counts.GetValueOrDefault(state), state.ToString().ToLowerInvariant());
            _metrics.OutboxBacklog.Set(await _outbox.CountAsync(OutboxState.Pending, ct) + await _outbox.CountAsync(OutboxState.Sending, ct));
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Log.NodeStopping(_logger);
        return Task.CompletedTask;
    }

    /// <summary>Released when the host is disposed, after every other service stopped.</summary>
    public void Dispose()
    {
        _dataFolderLock?.Dispose();
        _dataFolderLock = null;
    }

    /// <summary>
    /// Two nodes on one data folder would both claim the same studies and outbox entries; the second one stops here.
    /// The lock is advisory (flock, via FileShare.None) and disappears with the process, even after kill -9.
    /// </summary>
    public static FileStream LockDataFolder(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "node.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            stream.Flush();
            return stream;
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"data folder {dataFolder} is in use by another dicom-ai-node (lock {path}): {e.Message}", e);
        }
    }
}
