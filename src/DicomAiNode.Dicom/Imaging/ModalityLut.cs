namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The Modality LUT transformation (PS3.3 C.11.1): stored pixel values to modality values (e.g. Hounsfield units),
/// either linear, output = stored × Rescale Slope + Rescale Intercept, or through a Modality LUT Sequence item.
/// </summary>
public sealed class ModalityLut
{
    private ModalityLut(double slope, double intercept, string? type, LookupTable? table)
    {
        Slope = slope;
        Intercept = intercept;
        Type = type;
        Table = table;
    }

    /// <summary>No transformation: modality values equal stored values.</summary>
    public static ModalityLut Identity { get; } = new(1, 0, null, null);

    /// <summary>Rescale Slope (0028,1053); 1 for a lookup table.</summary>
    public double Slope { get; }

    /// <summary>Rescale Intercept (0028,1052); 0 for a lookup table.</summary>
    public double Intercept { get; }

    /// <summary>Rescale Type (0028,1054) or Modality LUT Type (0028,3004), e.g. HU; null when absent.</summary>
    public string? Type { get; }

    /// <summary>The Modality LUT Sequence's table, or null for a linear rescale.</summary>
    public LookupTable? Table { get; }

    /// <summary>True when the transformation leaves values unchanged.</summary>
    public bool IsIdentity => Table is null && Slope == 1 && Intercept == 0;

    /// <summary>A linear rescale (PS3.3 C.11.1.1.2).</summary>
    public static ModalityLut FromRescale(double slope, double intercept, string? rescaleType = null)
    {
        if (!double.IsFinite(slope) || !double.IsFinite(intercept) || slope == 0)
        {
            throw new DicomPixelDataException(
                $"Rescale Slope (0028,1053) = {slope} and Rescale Intercept (0028,1052) = {intercept} must be finite and the slope non-zero");
        }

        return new ModalityLut(slope, intercept, rescaleType, null);
    }

    /// <summary>A Modality LUT Sequence (0028,3000) item's table.</summary>
    public static ModalityLut FromLookupTable(LookupTable table, string? modalityLutType = null) =>
        new(1, 0, modalityLutType, table);

    /// <summary>Transforms one stored value.</summary>
    public double Apply(long storedValue) =>
        Table is { } table ? table[storedValue] : (storedValue * Slope) + Intercept;

    /// <summary>
    /// Transforms every sample of a native frame to modality values (colour-by-pixel order), in one pass over the
    /// frame with no intermediate buffer.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> frame, PixelDataInfo info, Span<float> destination)
    {
        if (Table is { } table)
        {
            StoredPixelValues.Read(frame, info, destination, new TableMap(table));
        }
        else if (!RescaleKernel.TryApply16(frame, info, destination, (float)Slope, (float)Intercept))
        {
            StoredPixelValues.Read(frame, info, destination, new RescaleMap((float)Slope, (float)Intercept));
        }
    }

    private readonly struct RescaleMap(float slope, float intercept) : IStoredValueMap<float>
    {
        public float Map(long storedValue) => (storedValue * slope) + intercept;
    }

    private readonly struct TableMap(LookupTable table) : IStoredValueMap<float>
    {
        public float Map(long storedValue) => table[storedValue];
    }
}
