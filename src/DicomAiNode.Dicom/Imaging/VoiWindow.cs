namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// A window: Window Center (0028,1050), Window Width (0028,1051) and VOI LUT Function (0028,1056), applied to modality
/// values as PS3.3 C.11.2.1.2 and C.11.2.1.3 define.
/// </summary>
public readonly record struct VoiWindow
{
    public VoiWindow(double center, double width, VoiLutFunction function = VoiLutFunction.Linear)
    {
        // C.11.2.1.2.1: LINEAR needs Window Width >= 1; C.11.2.1.3: LINEAR_EXACT and SIGMOID need > 0.
        if (!double.IsFinite(center) || !double.IsFinite(width) || (function == VoiLutFunction.Linear ? width < 1 : width <= 0))
        {
            throw new DicomPixelDataException(
                $"Window Center (0028,1050) = {center}, Window Width (0028,1051) = {width} is not a valid {function} window " +
                "(PS3.3 C.11.2.1.2: width >= 1 for LINEAR, > 0 otherwise)");
        }

        Center = center;
        Width = width;
        Function = function;
    }

    public double Center { get; }

    public double Width { get; }

    public VoiLutFunction Function { get; }

    /// <summary>Parses a VOI LUT Function (0028,1056) value; absent or empty means LINEAR.</summary>
    public static VoiLutFunction ParseFunction(string? value) => value?.Trim() switch
    {
        null or "" or "LINEAR" => VoiLutFunction.Linear,
        "LINEAR_EXACT" => VoiLutFunction.LinearExact,
        "SIGMOID" => VoiLutFunction.Sigmoid,
        _ => throw new DicomPixelDataException($"VOI LUT Function (0028,1056) = '{value}' is not LINEAR, LINEAR_EXACT or SIGMOID"),
    };

    /// <summary>Maps one modality value <paramref name="x"/> to the output range [ymin, ymax].</summary>
    public double Apply(double x, double yMin, double yMax)
    {
        double c = Center, w = Width;
        switch (Function)
        {
            case VoiLutFunction.LinearExact:
                // C.11.2.1.3.2
                if (x <= c - (w / 2))
                {
                    return yMin;
                }

                if (x > c + (w / 2))
                {
                    return yMax;
                }

                return ((((x - c) / w) + 0.5) * (yMax - yMin)) + yMin;
            case VoiLutFunction.Sigmoid:
                // C.11.2.1.3.1, Equation C.11-1
                return ((yMax - yMin) / (1 + Math.Exp(-4 * (x - c) / w))) + yMin;
            default:
                // C.11.2.1.2.1
                if (x <= c - 0.5 - ((w - 1) / 2))
                {
                    return yMin;
                }

                if (x > c - 0.5 + ((w - 1) / 2))
                {
                    return yMax;
                }

                return ((((x - (c - 0.5)) / (w - 1)) + 0.5) * (yMax - yMin)) + yMin;
        }
    }
}
