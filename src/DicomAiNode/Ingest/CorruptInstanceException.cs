namespace DicomAiNode.Ingest;

/// <summary>A received data set that cannot be parsed or lacks the identifying attributes; answered with a failure status.</summary>
public sealed class CorruptInstanceException : Exception
{
    /// <summary>The study the data set names, when that much could be read (for the audit log).</summary>
    public string? StudyInstanceUid { get; init; }

    public CorruptInstanceException()
    {
    }

    public CorruptInstanceException(string message)
        : base(message)
    {
    }

    public CorruptInstanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
