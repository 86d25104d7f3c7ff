namespace DicomAiNode.Storage;

/// <summary>A series of a study.</summary>
public sealed record SeriesRecord
{
    public required string SeriesInstanceUid { get; init; }

    public required string StudyInstanceUid { get; init; }

    public int InstanceCount { get; init; }

    public DateTimeOffset FirstReceivedAt { get; init; }

    public DateTimeOffset LastReceivedAt { get; init; }

    /// <summary>
    /// The <see cref="LastReceivedAt"/> the last completed processing covered; the series needs processing while
    /// it is null or older than <see cref="LastReceivedAt"/>.
    /// </summary>
    public DateTimeOffset? ProcessedThrough { get; init; }

    public bool NeedsProcessing => ProcessedThrough is not { } done || LastReceivedAt > done;
}
