using DicomAiNode.Configuration;
using DicomAiNode.Observability;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Rules;

/// <summary>
/// Holds the rules in force. A reload that fails validation keeps the previous rules and logs why, so a typo in a
/// running node never leaves it without rules.
/// </summary>
public sealed class RuleSetProvider
{
    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RuleSetProvider> _logger;
    private readonly Lock _reload = new();
    private volatile RuleSet? _current;

    public RuleSetProvider(IOptions<NodeOptions> options, TimeProvider time, ILogger<RuleSetProvider> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The rules in force; loads them on first use and throws <see cref="RulesConfigurationException"/> if they are invalid.</summary>
    public RuleSet Current => _current ?? LoadInitial();

    /// <summary>Raised after a successful reload.</summary>
    public event EventHandler<RuleSet>? Reloaded;

    /// <summary>Reloads the files; returns the problems (empty on success, in which case the new rules are in force).</summary>
    public IReadOnlyList<string> Reload()
    {
        RuleSet? loaded;
        IReadOnlyList<string> problems;
        lock (_reload)
        {
            (loaded, problems) = RuleSetLoader.Load(_options, _time.GetUtcNow());
            if (loaded is null)
            {
                Log.RulesReloadRejected(_logger, string.Join(Environment.NewLine, problems));
                return problems;
            }
            _current = loaded;
        }
        Log.RulesLoaded(_logger, loaded.RulesFile, loaded.Rules.Count, loaded.Codes.Classes.Count);
        Reloaded?.Invoke(this, loaded);
        return problems;
    }

    private RuleSet LoadInitial()
    {
        lock (_reload)
        {
            if (_current is { } already) return already;
            var (loaded, problems) = RuleSetLoader.Load(_options, _time.GetUtcNow());
            if (loaded is null)
            {
                foreach (var p in problems) Log.ConfigurationProblem(_logger, p);
                throw new RulesConfigurationException(problems);
            }
            Log.RulesLoaded(_logger, loaded.RulesFile, loaded.Rules.Count, loaded.Codes.Classes.Count);
            _current = loaded;
            return loaded;
        }
    }
}
