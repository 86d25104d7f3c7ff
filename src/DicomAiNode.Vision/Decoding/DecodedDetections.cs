namespace DicomAiNode.Vision.Decoding;

/// <summary>Detections of one image in descending confidence, with their mask coefficients (row i = detection i).</summary>
public sealed class DecodedDetections
{
    public DecodedDetections(Detection[] items, float[] coefficients, int coefficientCount)
    {
        if (coefficients.Length != items.Length * coefficientCount)
        {
            throw new ArgumentException("one row of coefficients per detection is needed", nameof(coefficients));
        }

        Items = items;
        Coefficients = coefficients;
        CoefficientCount = coefficientCount;
    }

    public IReadOnlyList<Detection> Items { get; }

    /// <summary>Row-major N × <see cref="CoefficientCount"/> raw mask coefficients.</summary>
    public float[] Coefficients { get; }

    public int CoefficientCount { get; }

    public int Count => Items.Count;

    public ReadOnlySpan<float> CoefficientsOf(int index) => Coefficients.AsSpan(index * CoefficientCount, CoefficientCount);
}
