using Microsoft.Extensions.Logging;

namespace DicomAiNode.Observability;

/// <summary>Event IDs 1100–1199: configuration and rules.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Rules loaded from {RulesFile}: {RuleCount} rules, {ClassCount} coded classes")]
    public static partial void RulesLoaded(ILogger logger, string rulesFile, int ruleCount, int classCount);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Rules file change rejected, the previous rules stay in force: {Problems}")]
    public static partial void RulesReloadRejected(ILogger logger, string problems);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Rules file {File} changed, reloading")]
    public static partial void RulesFileChanged(ILogger logger, string file);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    public static partial void ConfigurationProblem(ILogger logger, string problem);
}
