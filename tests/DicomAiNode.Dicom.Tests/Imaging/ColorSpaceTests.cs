using DicomAiNode.Dicom.Imaging;

namespace DicomAiNode.Dicom.Tests.Imaging;

public class ColorSpaceTests
{
    [Fact]
    public void YBR_FULL_converts_to_RGB_with_the_inverse_of_the_standard_equations()
    {
        // PS3.3 C.7.6.3.1.2 forward: red (255, 0, 0) -> Y 76.245, Cb 84.98, Cr 255.5.
        byte[] ybr = [128, 128, 128, 76, 85, 255, 255, 128, 128, 0, 128, 128];
        ColorSpace.YbrFullToRgb(ybr);
        Assert.Equal([128, 128, 128], ybr[..3]);
        Assert.InRange(ybr[3], 253, 255);
        Assert.InRange(ybr[4], 0, 1);
        Assert.InRange(ybr[5], 0, 1);
        Assert.Equal([255, 255, 255, 0, 0, 0], ybr[6..]);
    }

    [Fact]
    public void RGB_to_YBR_FULL_and_back_stays_within_rounding()
    {
        var random = new Random(3);
        var rgb = new byte[300];
        random.NextBytes(rgb);
        byte[] copy = (byte[])rgb.Clone();
        ColorSpace.RgbToYbrFull(copy);
        ColorSpace.YbrFullToRgb(copy);
        for (int i = 0; i < rgb.Length; i++)
        {
            Assert.InRange(copy[i] - rgb[i], -3, 3);
        }
    }
}
