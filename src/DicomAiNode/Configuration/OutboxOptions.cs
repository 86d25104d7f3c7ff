namespace DicomAiNode.Configuration;

/// <summary>Delivery retries (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Delay before the first retry; it doubles after each failure, with jitter.</summary>
    public double InitialRetrySeconds { get; set; } = 5;

    public double MaxRetrySeconds { get; set; } = 600;

    /// <summary>After this many failed attempts a result is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>A result still undelivered this long after it was produced is dead-lettered.</summary>
    public double MaxAgeHours { get; set; } = 72;

    /// <summary>How often the outbox looks for due results when nothing wakes it.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>Results sent in one batch (one association at a time; consecutive batches share a pooled association).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>A result association left open for the next batch is released after this long without work; 0 releases it after every batch.</summary>
    public double AssociationIdleSeconds { get; set; } = 10;
}
