using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>One 2D instance on one slice, in slice pixels: class, confidence, box (after <c>scale_boxes</c>) and mask.</summary>
public sealed record SliceInstance(int SliceIndex, int ClassId, float Confidence, float X1, float Y1, float X2, float Y2, RegionMask Mask)
{
    /// <summary>
    /// The slice's values over <see cref="RegionMask.Bounds"/> of <see cref="Mask"/> (row-major), captured once the
    /// mask is final so that a finding's mean value needs no slice pixels (the segmenter keeps no whole series).
    /// Null when not captured; set it again whenever the mask changes.
    /// </summary>
    public float[]? Values { get; init; }

    /// <summary>This instance with <see cref="Values"/> copied from <paramref name="pixels"/> (the slice's rows × <paramref name="columns"/> values).</summary>
    public SliceInstance WithValues(ReadOnlySpan<float> pixels, int columns)
    {
        var b = Mask.Bounds;
        var values = new float[b.Height * b.Width];
        for (int r = 0; r < b.Height; r++)
        {
            pixels.Slice(((b.Top + r) * columns) + b.Left, b.Width).CopyTo(values.AsSpan(r * b.Width));
        }

        return this with { Values = values };
    }
}
