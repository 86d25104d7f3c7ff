using System.Numerics;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// A display window (centre/width in input units, e.g. HU) mapped to 0…255 by the linear VOI LUT function of
/// PS3.3 C.11.2.1.2.1: <c>v = clamp((x − (c − 0.5)) / (w − 1) + 0.5, 0, 1) · 255</c>; for w ≤ 1, 255 above
/// c − 0.5 and 0 at or below. The project's phantom model is trained with this function (models/README.md).
/// Lung −600/1500 and mediastinum 50/350 are typical for CT.
/// </summary>
public readonly record struct WindowPreset(double Center, double Width)
{
    public static WindowPreset Lung => new(-600, 1500);

    public static WindowPreset Mediastinum => new(50, 350);

    public static WindowPreset Bone => new(400, 1800);

    public static WindowPreset Liver => new(60, 160);

    /// <summary>Inputs at or below this map to 0: c − 0.5 − (w − 1)/2.</summary>
    public double Lower => Center - 0.5 - ((Width - 1) / 2);

    /// <summary>Inputs above this map to 255: c − 0.5 + (w − 1)/2.</summary>
    public double Upper => Center - 0.5 + ((Width - 1) / 2);

    /// <summary>The window that maps <paramref name="lower"/> to 0 and <paramref name="upper"/> to 255.</summary>
    public static WindowPreset FromRange(double lower, double upper) =>
        new(((lower + upper) / 2) + 0.5, upper - lower + 1);

    /// <summary>
    /// <c>v = clamp(x·scale + offset, 0, 255)</c> for a width above 1, in float as <see cref="Apply"/> computes it;
    /// the fused letterbox (<see cref="WindowedLetterbox"/>) uses the same numbers to stay bit-identical.
    /// </summary>
    internal (float Scale, float Offset) LinearCoefficients =>
        ((float)(255.0 / (Width - 1)), (float)((0.5 - ((Center - 0.5) / (Width - 1))) * 255.0));

    /// <summary>Maps <paramref name="source"/> into 0…255 values in <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (!(Width >= 1))
        {
            throw new InvalidOperationException($"window width must be at least 1 (PS3.3 C.11.2.1.2.1), got {Width}");
        }

        if (Width == 1)
        {
            float threshold = (float)(Center - 0.5);
            for (int k = 0; k < source.Length; k++)
            {
                destination[k] = source[k] > threshold ? 255f : 0f;
            }

            return;
        }

        var (scale, offset) = LinearCoefficients;
        var dst = destination[..source.Length];
        var vScale = new Vector<float>(scale);
        var vOffset = new Vector<float>(offset);
        var vMax = new Vector<float>(255f);
        int i = 0;
        for (; i <= source.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = (new Vector<float>(source[i..]) * vScale) + vOffset;
            Vector.Min(Vector.Max(v, Vector<float>.Zero), vMax).CopyTo(dst[i..]);
        }

        for (; i < source.Length; i++)
        {
            dst[i] = Math.Clamp((source[i] * scale) + offset, 0f, 255f);
        }
    }
}
