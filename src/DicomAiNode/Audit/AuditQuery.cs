namespace DicomAiNode.Audit;

/// <summary>A filter on audit records; unset criteria match everything.</summary>
public sealed record AuditQuery
{
    public string? StudyInstanceUid { get; init; }

    /// <summary>Inclusive lower bound.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Exclusive upper bound.</summary>
    public DateTimeOffset? Until { get; init; }

    public string? CallingAeTitle { get; init; }

    public AuditOutcome? Outcome { get; init; }

    public bool Matches(AuditEvent e) =>
        (StudyInstanceUid is null || string.Equals(e.StudyInstanceUid, StudyInstanceUid, StringComparison.Ordinal))
        && (Since is null || e.Time >= Since)
        && (Until is null || e.Time < Until)
        && (CallingAeTitle is null || string.Equals(e.CallingAeTitle?.Trim(), CallingAeTitle.Trim(), StringComparison.Ordinal))
        && (Outcome is null || e.Outcome == Outcome);
}
