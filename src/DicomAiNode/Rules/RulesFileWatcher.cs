using DicomAiNode.Configuration;
using DicomAiNode.Observability;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Rules;

/// <summary>
/// Reloads the rules when <c>rules.json</c> or <c>codes.json</c> changes. Editors write a file in several steps
/// (truncate, write, rename), so changes are debounced: the reload happens once the files have been quiet for
/// <see cref="Debounce"/>.
/// </summary>
public sealed class RulesFileWatcher : BackgroundService
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly RuleSetProvider _provider;
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RulesFileWatcher> _logger;
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private List<FileSystemWatcher> _watchers = [];

    public RulesFileWatcher(RuleSetProvider provider, IOptions<NodeOptions> options, TimeProvider time, ILogger<RulesFileWatcher> logger)
    {
        _provider = provider;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts watching before returning, so that no change made after start-up is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var files = new[] { _options.RulesFilePath, _options.CodesFilePath };
        _watchers = files
            .GroupBy(f => Path.GetDirectoryName(f)!, StringComparer.Ordinal)
            .Where(g => Directory.Exists(g.Key))
            .Select(g => Watch(g.Key, g.Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var w in _watchers) w.Dispose();
        _watchers = [];
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken);
                // Debounce: wait until no further change arrived for a whole period.
                do
                {
                    while (_changed.CurrentCount > 0) await _changed.WaitAsync(stoppingToken);
                    await Task.Delay(Debounce, _time, stoppingToken);
                }
                while (_changed.CurrentCount > 0);
                Log.RulesFileChanged(_logger, _options.RulesFilePath);
                _provider.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private FileSystemWatcher Watch(string directory, HashSet<string> names)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        void OnChange(object? sender, FileSystemEventArgs e)
        {
            if (names.Contains(e.Name ?? "") || e is RenamedEventArgs r && names.Contains(r.OldName ?? "")) _changed.Release();
        }
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Renamed += OnChange;
        watcher.Deleted += OnChange;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
