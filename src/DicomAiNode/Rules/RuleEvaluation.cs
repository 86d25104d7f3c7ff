namespace DicomAiNode.Rules;

/// <summary>
/// The verdict of one rule on one series. For a match, <see cref="Reasons"/> says what matched; otherwise it lists
/// every criterion that failed (so <c>rules test</c> can show why a rule did not apply).
/// </summary>
public sealed record RuleEvaluation(CompiledRule Rule, bool IsMatch, IReadOnlyList<string> Reasons)
{
    public override string ToString() =>
        $"{Rule}: {(IsMatch ? "matches" : "does not match")}: {string.Join("; ", Reasons)}";
}
