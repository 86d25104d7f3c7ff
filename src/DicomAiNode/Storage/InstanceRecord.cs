namespace DicomAiNode.Storage;

/// <summary>One stored instance, as indexed after its file is safe on disk.</summary>
public sealed record InstanceRecord
{
    public required string SopInstanceUid { get; init; }

    public required string SopClassUid { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string Path { get; init; }

    public long Size { get; init; }

    public required string CallingAeTitle { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public required string TransferSyntaxUid { get; init; }
}
