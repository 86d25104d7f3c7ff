namespace DicomAiNode.Storage;

/// <summary>A study as the node tracks it.</summary>
public sealed record StudyRecord
{
    public required string StudyInstanceUid { get; init; }

    public StudyState State { get; init; }

    public required string CallingAeTitle { get; init; }

    public DateTimeOffset FirstReceivedAt { get; init; }

    public DateTimeOffset LastReceivedAt { get; init; }

    public DateTimeOffset? ReadyAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>A late instance came while the study was processing; it goes back to receiving when processing ends.</summary>
    public bool RerunRequested { get; init; }

    public int LateInstances { get; init; }

    public string? Error { get; init; }
}
