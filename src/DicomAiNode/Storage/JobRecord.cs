namespace DicomAiNode.Storage;

/// <summary>Processing of one series by one rule.</summary>
public sealed record JobRecord
{
    public long Id { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string RuleName { get; init; }

    public JobState State { get; init; }

    public int Attempts { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
