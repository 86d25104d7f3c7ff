namespace DicomAiNode.Outbox;

/// <summary>The thread-safe shared generator; jitter needs spread, not secrecy.</summary>
public sealed class SharedRandomSource : IRandomSource
{
    public double NextDouble() => Random.Shared.NextDouble();
}
