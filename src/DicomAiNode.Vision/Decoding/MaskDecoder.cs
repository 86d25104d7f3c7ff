using System.Buffers;
using System.Numerics.Tensors;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Instance masks from prototypes and coefficients (contract §5.4): <c>process_mask</c> (default; mask in the
/// letterboxed input, then <c>scale_masks</c> to the slice) and <c>process_mask_native</c> (retina: logits scaled to
/// the slice first). Logits are computed only inside the crop box; thresholds are <c>&gt; 0</c> on logits
/// (sigmoid &gt; 0.5) and &gt; 0.5 on resampled binary masks.
/// </summary>
public static class MaskDecoder
{
    /// <summary>The crop rule Ultralytics uses on CPU for <paramref name="detections"/> masks.</summary>
    public static MaskCropRule Resolve(MaskCropRule rule, int detections) =>
        rule != MaskCropRule.Auto ? rule : detections < 50 ? MaskCropRule.Rounded : MaskCropRule.Exact;

    /// <summary>
    /// The pixels <c>crop_mask</c> keeps for a box on an h×w grid. Rounded: ints by half-to-even rounding; Exact:
    /// integer c with x1 ≤ c &lt; x2 is c ∈ [⌈x1⌉, ⌈x2⌉). Negative bounds clamp to 0 (the rule as stated; Python's
    /// slice <c>[:-1]</c> would wrap instead).
    /// </summary>
    public static PixelRect CropRect(float x1, float y1, float x2, float y2, int height, int width, MaskCropRule rule)
    {
        static int Bound(float v, bool round, int max)
        {
            float r = round ? MathF.Round(v, MidpointRounding.ToEven) : MathF.Ceiling(v);
            return (int)Math.Clamp(r, 0f, max);
        }

        bool round = rule != MaskCropRule.Exact;
        return new PixelRect(Bound(y1, round, height), Bound(x1, round, width), Bound(y2, round, height), Bound(x2, round, width));
    }

    /// <summary>
    /// <c>process_mask(upsample=True)</c>: the box scaled to prototype resolution (float32 ×mw/W, ×mh/H), logits
    /// cropped, bilinear upsample to H×W, &gt; 0. Null when no pixel is set (Ultralytics drops such detections).
    /// </summary>
    /// <param name="protos">One image's prototypes <c>[nm, mh, mw]</c>.</param>
    public static RegionMask? ProcessMask(ReadOnlySpan<float> protos, int maskRows, int maskColumns, ReadOnlySpan<float> coefficients,
        Detection box, int inputHeight, int inputWidth, MaskCropRule rule)
    {
        float wr = (float)((double)maskColumns / inputWidth);
        float hr = (float)((double)maskRows / inputHeight);
        var crop = CropRect(box.X1 * wr, box.Y1 * hr, box.X2 * wr, box.Y2 * hr, maskRows, maskColumns, rule);
        if (crop.IsEmpty)
        {
            return null;
        }

        var window = ArrayPool<float>.Shared.Rent((crop.Height + 2) * (crop.Width + 2));
        try
        {
            var w = window.AsSpan(0, (crop.Height + 2) * (crop.Width + 2));
            Logits(protos, maskRows, maskColumns, coefficients, crop, w);
            return MaskResampler.Threshold(w, crop, maskRows, maskColumns, inputHeight, inputWidth,
                new PixelRect(0, 0, inputHeight, inputWidth), 0f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(window);
        }
    }

    /// <summary>
    /// <c>scale_masks</c> of a letterboxed binary mask to the h0×w0 slice: gain = min(H/h0, W/w0), crop
    /// [round(pad_h−0.1) : H−round(pad_h+0.1), round(pad_w−0.1) : W−round(pad_w+0.1)], bilinear to h0×w0, &gt; 0.5.
    /// </summary>
    public static RegionMask? ScaleToSource(RegionMask letterboxed, int sourceRows, int sourceColumns)
    {
        var crop = ScaleMasksCrop(letterboxed.FrameRows, letterboxed.FrameColumns, sourceRows, sourceColumns);
        var inside = letterboxed.Bounds.Intersect(crop);
        if (inside.IsEmpty)
        {
            return null;
        }

        var windowRect = new PixelRect(inside.Top - crop.Top, inside.Left - crop.Left, inside.Bottom - crop.Top, inside.Right - crop.Left);
        int stride = windowRect.Width + 2;
        var window = ArrayPool<float>.Shared.Rent((windowRect.Height + 2) * stride);
        try
        {
            var w = window.AsSpan(0, (windowRect.Height + 2) * stride);
            w.Clear();
            var b = letterboxed.Bounds;
            for (int r = inside.Top; r < inside.Bottom; r++)
            {
                var src = letterboxed.Data.AsSpan(((r - b.Top) * b.Width) + inside.Left - b.Left, inside.Width);
                var dst = w.Slice(((r - inside.Top + 1) * stride) + 1, inside.Width);
                for (int c = 0; c < src.Length; c++)
                {
                    dst[c] = src[c];
                }
            }

            return MaskResampler.Threshold(w, windowRect, crop.Height, crop.Width, sourceRows, sourceColumns,
                new PixelRect(0, 0, sourceRows, sourceColumns), 0.5f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(window);
        }
    }

    /// <summary>
    /// <c>process_mask_native</c> (retina masks): logits <c>scale_masks</c>-ed from mh×mw to h0×w0, then
    /// <c>crop_mask</c> with the box in slice pixels (after <c>scale_boxes</c>), &gt; 0.
    /// </summary>
    public static RegionMask? ProcessMaskNative(ReadOnlySpan<float> protos, int maskRows, int maskColumns, ReadOnlySpan<float> coefficients,
        (float X1, float Y1, float X2, float Y2) sourceBox, int sourceRows, int sourceColumns, MaskCropRule rule)
    {
        var clip = CropRect(sourceBox.X1, sourceBox.Y1, sourceBox.X2, sourceBox.Y2, sourceRows, sourceColumns, rule);
        if (clip.IsEmpty)
        {
            return null;
        }

        var crop = ScaleMasksCrop(maskRows, maskColumns, sourceRows, sourceColumns);
        // Source rows/columns (of the cropped prototype grid) that the clip's pixels read.
        var needed = Needed(crop.Height, sourceRows, clip.Top, clip.Bottom, crop.Width, sourceColumns, clip.Left, clip.Right);
        var protoRect = new PixelRect(needed.Top + crop.Top, needed.Left + crop.Left, needed.Bottom + crop.Top, needed.Right + crop.Left);
        var window = ArrayPool<float>.Shared.Rent((needed.Height + 2) * (needed.Width + 2));
        try
        {
            var w = window.AsSpan(0, (needed.Height + 2) * (needed.Width + 2));
            Logits(protos, maskRows, maskColumns, coefficients, protoRect, w);
            return MaskResampler.Threshold(w, needed, crop.Height, crop.Width, sourceRows, sourceColumns, clip, 0f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(window);
        }
    }

    /// <summary>The crop of <c>scale_masks</c> on an mh×mw grid for a h0×w0 target.</summary>
    public static PixelRect ScaleMasksCrop(int maskRows, int maskColumns, int sourceRows, int sourceColumns)
    {
        double gain = Math.Min((double)maskRows / sourceRows, (double)maskColumns / sourceColumns);
        double padW = (maskColumns - (sourceColumns * gain)) / 2;
        double padH = (maskRows - (sourceRows * gain)) / 2;
        int top = (int)Math.Round(padH - 0.1), left = (int)Math.Round(padW - 0.1);
        int bottom = maskRows - (int)Math.Round(padH + 0.1), right = maskColumns - (int)Math.Round(padW + 0.1);
        return new PixelRect(top, left, bottom, right);
    }

    /// <summary>The slice-space box of a detection (<c>scale_boxes</c>).</summary>
    public static (float X1, float Y1, float X2, float Y2) ToSource(Detection d, LetterboxGeometry g) => g.ToSource(d.X1, d.Y1, d.X2, d.Y2);

    /// <summary>coef · protos over <paramref name="rect"/>, written into the interior of a zero-margined window.</summary>
    private static void Logits(ReadOnlySpan<float> protos, int maskRows, int maskColumns, ReadOnlySpan<float> coefficients, PixelRect rect, Span<float> window)
    {
        window.Clear();
        int plane = maskRows * maskColumns;
        int stride = rect.Width + 2;
        for (int k = 0; k < coefficients.Length; k++)
        {
            float c = coefficients[k];
            if (c == 0f)
            {
                continue;
            }

            var p = protos.Slice(k * plane, plane);
            for (int r = rect.Top; r < rect.Bottom; r++)
            {
                var dst = window.Slice(((r - rect.Top + 1) * stride) + 1, rect.Width);
                TensorPrimitives.MultiplyAdd(p.Slice((r * maskColumns) + rect.Left, rect.Width), c, dst, dst);
            }
        }
    }

    private static PixelRect Needed(int sh, int dh, int dTop, int dBottom, int sw, int dw, int dLeft, int dRight)
    {
        var ints = ArrayPool<int>.Shared.Rent(2 * Math.Max(dh, dw));
        var floats = ArrayPool<float>.Shared.Rent(Math.Max(dh, dw));
        try
        {
            MaskResampler.TorchCoordinates(sh, ints.AsSpan(0, dh), ints.AsSpan(dh, dh), floats.AsSpan(0, dh));
            int top = ints[dTop], bottom = ints[dh + dBottom - 1] + 1;
            MaskResampler.TorchCoordinates(sw, ints.AsSpan(0, dw), ints.AsSpan(dw, dw), floats.AsSpan(0, dw));
            int left = ints[dLeft], right = ints[dw + dRight - 1] + 1;
            return new PixelRect(top, left, bottom, right);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ints);
            ArrayPool<float>.Shared.Return(floats);
        }
    }
}
