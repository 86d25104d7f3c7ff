namespace DicomAiNode.Rules;

/// <summary>The rules or codes file is invalid; start-up stops with these problems.</summary>
public sealed class RulesConfigurationException : Exception
{
    public RulesConfigurationException(IReadOnlyList<string> problems)
        : base("invalid rules configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
