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

    /// <summary>Called once the instance is durably in place, before Success is answered; a failure answers 0110.</summary>
    public Func<StoredInstance, CancellationToken, ValueTask>? OnStored { get; init; }
}
