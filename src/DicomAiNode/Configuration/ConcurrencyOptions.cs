namespace DicomAiNode.Configuration;

/// <summary>Bounds on parallel work (section <c>Concurrency</c>).</summary>
public sealed class ConcurrencyOptions
{
    /// <summary>Series processed (pre-processing, inference, SEG/SR) at the same time.</summary>
    public int Pipelines { get; set; } = 1;

    /// <summary>Destinations sent to at the same time by the outbox.</summary>
    public int Deliveries { get; set; } = 2;
}
