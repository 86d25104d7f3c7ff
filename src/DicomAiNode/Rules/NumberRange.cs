namespace DicomAiNode.Rules;

/// <summary>An inclusive range; an absent bound is open.</summary>
public sealed class NumberRange
{
    public double? Min { get; set; }

    public double? Max { get; set; }

    public bool Contains(double value) => (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);

    public override string ToString() => $"[{Min?.ToString() ?? "-inf"}, {Max?.ToString() ?? "+inf"}]";
}
