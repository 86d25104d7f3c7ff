namespace DicomAiNode.Outbox;

/// <summary>Randomness for retry jitter, injected so tests can fix it.</summary>
public interface IRandomSource
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}
