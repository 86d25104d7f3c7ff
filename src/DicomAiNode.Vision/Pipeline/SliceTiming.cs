namespace DicomAiNode.Vision.Pipeline;

/// <summary>
/// Where one slice's time went, in milliseconds: each stage's wall time for the slice's batch shared equally by its
/// slices. Stages of different batches overlap (reading and preprocessing run ahead of the model, decoding behind
/// it), so the sum over slices is more than the series' elapsed time.
/// </summary>
public readonly record struct SliceTiming(double PreprocessMs, double ModelMs, double DecodeMs, double PostProcessMs)
{
    /// <summary>Reading the slice from its source (for DICOM: pixel data and modality LUT); zero for slices in memory.</summary>
    public double ReadMs { get; init; }

    public double TotalMs => ReadMs + PreprocessMs + ModelMs + DecodeMs + PostProcessMs;
}
