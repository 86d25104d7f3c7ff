namespace DicomAiNode.Storage;

/// <summary>One result file to deliver to one destination.</summary>
public sealed record OutboxItem
{
    public long Id { get; init; }

    public long? JobId { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string DestinationAeTitle { get; init; }

    public required string FilePath { get; init; }

    public required string SopInstanceUid { get; init; }

    public OutboxState State { get; init; }

    /// <summary>Send attempts made so far.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}
