using DicomAiNode.Configuration;
using DicomAiNode.Rules;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.Logging;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace DicomAiNode.Tests.Rules;

public sealed class RuleSetProviderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly NodeOptions _options;
    private readonly ListLogger<RuleSetProvider> _log = new();
    private readonly RuleSetProvider _provider;

    public RuleSetProviderTests()
    {
        _options = TestNode.Options(_folder);
        _provider = new RuleSetProvider(MsOptions.Create(_options), TimeProvider.System, _log);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Invalid_rules_at_start_up_throw_with_every_problem()
    {
        _folder.Write("config/rules.json", """{ "rules": [ { "name": "x", "match": { "modality": "[" } } ] }""");
        var e = Assert.Throws<RulesConfigurationException>(() => _provider.Current);
        Assert.Contains(e.Problems, p => p.StartsWith("rules.json: rule 'x' (#0): match.modality: invalid regular expression", StringComparison.Ordinal));
        Assert.Contains("rules.json: rule 'x' (#0): destinations: names no destination: results would go nowhere", e.Message, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, x => x.Id.Id == 1103 && x.Level == LogLevel.Error);
    }

    [Fact]
    public void Invalid_new_file_keeps_the_old_rules_and_logs_an_error()
    {
        var before = _provider.Current;
        _folder.Write("config/rules.json", """{ "rules": [ { "name": "x", "match": { "modality": "CT" } ], }""");
        var problems = _provider.Reload();
        Assert.NotEmpty(problems);
        Assert.Same(before, _provider.Current);
        Assert.Contains(_log.Entries, x => x.Id.Id == 1101 && x.Level == LogLevel.Error && x.Message.Contains("rules.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watcher_reloads_rules_after_the_file_changes()
    {
        Assert.Equal("chest-ct-lung", Assert.Single(_provider.Current.Rules).Name);
        var reloaded = new TaskCompletionSource<RuleSet>(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.Reloaded += (_, rules) => reloaded.TrySetResult(rules);
        using var watcher = new RulesFileWatcher(_provider, MsOptions.Create(_options), TimeProvider.System, new ListLogger<RulesFileWatcher>());
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            var text = File.ReadAllText(_options.RulesFilePath).Replace("chest-ct-lung", "chest-ct-renamed", StringComparison.Ordinal);
            await File.WriteAllTextAsync(_options.RulesFilePath, text);
            var rules = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("chest-ct-renamed", Assert.Single(rules.Rules).Name);
            Assert.Same(rules, _provider.Current);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
