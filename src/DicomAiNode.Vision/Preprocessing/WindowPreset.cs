using System.Numerics;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>
/// A display window (centre/width in input units, e.g. HU) mapped linearly to 0…255:
/// <c>v = clamp((x − (c − w/2)) / w, 0, 1) · 255</c>. Lung −600/1500 and mediastinum 50/350 are typical for CT.
/// </summary>
public readonly record struct WindowPreset(double Center, double Width)
{
    public static WindowPreset Lung => new(-600, 1500);

    public static WindowPreset Mediastinum => new(50, 350);

    public static WindowPreset Bone => new(400, 1800);

    public static WindowPreset Liver => new(60, 160);

    public double Lower => Center - (Width / 2);

    /// <summary>Maps <paramref name="source"/> into 0…255 values in <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (!(Width > 0))
        {
            throw new InvalidOperationException($"window width must be positive, got {Width}");
        }

        float scale = (float)(255.0 / Width);
        float offset = (float)(-Lower * 255.0 / Width);
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
