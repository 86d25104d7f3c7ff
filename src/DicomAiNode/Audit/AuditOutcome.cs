namespace DicomAiNode.Audit;

/// <summary>How a step ended.</summary>
public enum AuditOutcome
{
    Success,
    Failure,

    /// <summary>Refused on purpose (unknown calling AE, disk full …).</summary>
    Rejected,

    /// <summary>Nothing to do (no rule matched, late instance ignored).</summary>
    Skipped,
}
