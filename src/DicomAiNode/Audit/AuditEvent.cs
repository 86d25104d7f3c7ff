using System.Text.Json.Nodes;

namespace DicomAiNode.Audit;

/// <summary>
/// One step in the life of a study, written as one line of the audit log. Never carries patient names;
/// <see cref="PatientId"/> is written only when <c>Audit:IncludePatientId</c> is true.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>When it happened; left default, the log stamps its own clock's time.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>What happened, one of <see cref="AuditEventTypes"/>.</summary>
    public required string Type { get; init; }

    public string? StudyInstanceUid { get; init; }

    public AuditOutcome Outcome { get; init; } = AuditOutcome.Success;

    public string? CallingAeTitle { get; init; }

    public string? CalledAeTitle { get; init; }

    /// <summary>Remote address and port of the association.</summary>
    public string? PeerAddress { get; init; }

    public string? PatientId { get; init; }

    /// <summary>One human-readable sentence.</summary>
    public string? Message { get; init; }

    /// <summary>Step-specific values (rule, model, counts, durations, SOP Instance UIDs, destination …).</summary>
    public JsonObject? Details { get; init; }
}
