using DicomAiNode.Outbox;

namespace DicomAiNode.Tests.Outbox;

public sealed class FixedRandom(double value) : IRandomSource
{
    public double Value { get; set; } = value;

    public double NextDouble() => Value;
}
