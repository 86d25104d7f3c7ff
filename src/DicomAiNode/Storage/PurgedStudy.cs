namespace DicomAiNode.Storage;

/// <summary>What a purge removed from the database (its files are in the deletion journal until deleted).</summary>
public sealed record PurgedStudy
{
    public required string StudyInstanceUid { get; init; }

    public required StudyState State { get; init; }

    public required DateTimeOffset LastActivityAt { get; init; }

    public required int Series { get; init; }

    public required int Instances { get; init; }

    /// <summary>Sum of the spooled instances' sizes.</summary>
    public required long SpoolBytes { get; init; }

    /// <summary>Distinct result files that were in the outbox.</summary>
    public required int ResultFiles { get; init; }

    /// <summary>Outbox entries removed, by their final state.</summary>
    public required IReadOnlyDictionary<OutboxState, int> Deliveries { get; init; }
}
