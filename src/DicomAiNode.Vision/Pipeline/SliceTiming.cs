namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// Where one slice's time went, in milliseconds. Preprocessing and decoding are measured per slice; the model time
/// of a batch is shared equally by its slices.
/// </summary>
public readonly record struct SliceTiming(double PreprocessMs, double ModelMs, double DecodeMs, double PostProcessMs)
{
    public double TotalMs => PreprocessMs + ModelMs + DecodeMs + PostProcessMs;
}
