using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.Tests.Decoding;

public class MaskCropTests
{
    [Fact]
    public void Rounded_path_rounds_half_to_even()
    {
        // 2.5 → 2, 3.5 → 4, 0.5 → 0, 5.5 → 6.
        Assert.Equal(new PixelRect(0, 2, 6, 4), MaskDecoder.CropRect(2.5f, 0.5f, 3.5f, 5.5f, 10, 10, MaskCropRule.Rounded));
    }

    [Fact]
    public void Exact_path_keeps_columns_from_ceil_x1_to_before_ceil_x2()
    {
        // col ≥ 2.5 → from 3; col < 3.5 → up to 3; row ≥ 0.5 → from 1; row < 5.5 → up to 5.
        Assert.Equal(new PixelRect(1, 3, 6, 4), MaskDecoder.CropRect(2.5f, 0.5f, 3.5f, 5.5f, 10, 10, MaskCropRule.Exact));
        Assert.Equal(new PixelRect(2, 2, 4, 4), MaskDecoder.CropRect(2f, 2f, 4f, 4f, 10, 10, MaskCropRule.Exact));
    }

    [Fact]
    public void Boxes_beyond_the_grid_are_clamped()
    {
        Assert.Equal(new PixelRect(0, 0, 10, 10), MaskDecoder.CropRect(-3f, -7f, 12f, 30f, 10, 10, MaskCropRule.Rounded));
    }

    [Fact]
    public void Auto_uses_the_loop_path_below_50_detections()
    {
        Assert.Equal(MaskCropRule.Rounded, MaskDecoder.Resolve(MaskCropRule.Auto, 49));
        Assert.Equal(MaskCropRule.Exact, MaskDecoder.Resolve(MaskCropRule.Auto, 50));
    }

    [Fact]
    public void Scale_masks_crop_of_a_160_grid_for_335x500()
    {
        // gain = min(160/335, 160/500) = 0.32; pad_h = (160 − 107.2)/2 = 26.4: top = round(26.3) = 26, bottom = 160 − round(26.5) = 134.
        Assert.Equal(new PixelRect(26, 0, 134, 160), MaskDecoder.ScaleMasksCrop(160, 160, 335, 500));
    }

    [Fact]
    public void Process_mask_upsamples_the_cropped_logits_of_one_prototype()
    {
        // One 4×4 prototype of +1 everywhere; box covering proto cells [1,3) in both axes at input 16×16 (×4).
        var protos = Enumerable.Repeat(1f, 16).ToArray();
        var mask = MaskDecoder.ProcessMask(protos, 4, 4, [1f], new Detection(4, 4, 12, 12, 0.9f, 0), 16, 16, MaskCropRule.Rounded);
        Assert.NotNull(mask);
        // Logit 1 on cells 1..2, 0 elsewhere: output pixel y has src = (y+0.5)/4 − 0.5; positive where a neighbour is in 1..2,
        // i.e. src ∈ (0, 3): y = 2 (src 0.125) … y = 13 (src 2.875).
        Assert.Equal(new PixelRect(2, 2, 14, 14), mask.Bounds);
        Assert.Equal(144, mask.Area);
    }
}
