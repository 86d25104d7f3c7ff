namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The VOI LUT transformation (PS3.3 C.11.2): modality values to display values, by a window or by a VOI LUT Sequence
/// (0028,3010) item's table, then scaled to the output range (e.g. 8 bits for previews). MONOCHROME1 images are inverted
/// on output (the minimum value is white, C.7.6.3.1.2) when asked.
/// </summary>
public sealed class VoiLut
{
    private VoiLut(VoiWindow? window, LookupTable? table)
    {
        Window = window;
        Table = table;
    }

    /// <summary>The window, when the transformation is a window.</summary>
    public VoiWindow? Window { get; }

    /// <summary>The table, when the transformation is a VOI LUT Sequence item.</summary>
    public LookupTable? Table { get; }

    public static VoiLut FromWindow(VoiWindow window) => new(window, null);

    public static VoiLut FromWindow(double center, double width, VoiLutFunction function = VoiLutFunction.Linear) =>
        new(new VoiWindow(center, width, function), null);

    public static VoiLut FromLookupTable(LookupTable table) => new(null, table);

    /// <summary>
    /// A window spanning the values present, for images without Window Center/Width or VOI LUT (a common viewer
    /// fallback; not defined by the standard).
    /// </summary>
    public static VoiLut FromRange(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return FromWindow(0.5, 1);
        }

        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        // LINEAR_EXACT maps [c - w/2, c + w/2] exactly onto the output range.
        double width = Math.Max(max - min, 1e-6);
        return FromWindow(min + (width / 2), width, VoiLutFunction.LinearExact);
    }

    /// <summary>Maps one modality value to [yMin, yMax].</summary>
    public double Apply(double x, double yMin, double yMax)
    {
        if (Table is { } table)
        {
            // C.11.2.1.1: the table's output spans 0 .. 2^bits - 1; the index is the truncated input value.
            double top = (1 << table.BitsPerEntry) - 1;
            return yMin + (table[(long)Math.Floor(x)] / top * (yMax - yMin));
        }

        return Window!.Value.Apply(x, yMin, yMax);
    }

    /// <summary>Maps modality values to [yMin, yMax] as floats (e.g. 0..1 for a model's input channel).</summary>
    public void Apply(ReadOnlySpan<float> values, Span<float> destination, float yMin, float yMax)
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {values.Length}", nameof(destination));
        }

        if (Table is null && Window!.Value.Function == VoiLutFunction.Linear)
        {
            ApplyLinear(Window.Value, values, destination, yMin, yMax);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (float)Apply(values[i], yMin, yMax);
        }
    }

    /// <summary>
    /// Maps modality values to 8-bit grey levels (0..255, rounded), inverted for MONOCHROME1 when
    /// <paramref name="invert"/> is set.
    /// </summary>
    public void ApplyTo8Bit(ReadOnlySpan<float> values, Span<byte> destination, bool invert = false)
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {values.Length}", nameof(destination));
        }

        double yMin = invert ? 255 : 0, yMax = invert ? 0 : 255;
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (byte)Math.Clamp(Math.Round(Apply(values[i], yMin, yMax)), 0, 255);
        }
    }

    // The LINEAR branch as a tight loop (the preprocessing path of every CT slice).
    private static void ApplyLinear(VoiWindow window, ReadOnlySpan<float> values, Span<float> destination, float yMin, float yMax)
    {
        double low = window.Center - 0.5 - ((window.Width - 1) / 2);
        double high = window.Center - 0.5 + ((window.Width - 1) / 2);
        double scale = window.Width > 1 ? (yMax - yMin) / (window.Width - 1) : 0;
        double offset = ((0.5 - ((window.Center - 0.5) / Math.Max(window.Width - 1, 1))) * (yMax - yMin)) + yMin;
        var target = destination[..values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float x = values[i];
            target[i] = x <= low ? yMin : x > high ? yMax : (float)((x * scale) + offset);
        }
    }
}
