namespace DicomAiNode.Dicom.Network;

/// <summary>Where and how <see cref="SpoolingCStoreHandler"/> writes received instances.</summary>
public sealed record SpoolingOptions
{
    /// <summary>The folder received instances are written to, one Part 10 file per SOP Instance UID.</summary>
    public required string Folder { get; init; }

    public DuplicateInstancePolicy Duplicates { get; init; } = DuplicateInstancePolicy.Overwrite;

    /// <summary>Below this much free space in <see cref="Folder"/>, instances are refused with A700 (out of resources).</summary>
    public long MinimumFreeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Flush file and folder to stable storage before answering Success (fsync); off only for experiments.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// With <see cref="Durable"/>: acknowledge after one flush of a pre-allocated write-ahead journal in
    /// <c>Folder/.journal</c> instead of flushing each file and the folder (Linux; replayed on the next start).
    /// </summary>
    public bool Journal { get; init; }

    /// <summary>Size of one journal segment; an instance larger than a segment is flushed the two-step way.</summary>
    public long JournalSegmentLength { get; init; } = 32L * 1024 * 1024;

    /// <summary>Journal segments at most (one per instance being received at once, plus those being checkpointed).</summary>
    public int JournalSegments { get; init; } = 8;

    /// <summary>
    /// Called with the complete temporary file (its path) before it is flushed and put in place; an exception refuses
    /// the instance: the temporary file is removed, nothing is journaled, and an earlier instance stored under the same
    /// SOP Instance UID stays exactly as it was. What it returns reaches <see cref="OnStored"/> as
    /// <see cref="StoredInstance.Validation"/> (e.g. the parsed data set, so that it is read once).
    /// </summary>
    public Func<string, CStoreRequest, CancellationToken, ValueTask<object?>>? Validate { get; init; }

    /// <summary>Called once the instance is durably in place, before Success is answered; a failure answers 0110.</summary>
    public Func<StoredInstance, CancellationToken, ValueTask>? OnStored { get; init; }
}
