using System.Buffers;
using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// A coarse lung region of a CT slice in HU: air-like pixels (below <c>thresholdHu</c>) that are not connected to
/// the image border (outside air), closed and hole-filled so that nodules and vessels inside the lungs are part of it.
/// </summary>
public static class LungRegion
{
    public static byte[] Compute(Slice slice, float thresholdHu = -400f, int closingRadius = 3)
    {
        int h = slice.Rows, w = slice.Columns;
        var px = slice.Pixels.Span;
        var region = new byte[h * w];
        for (int i = 0; i < px.Length; i++)
        {
            region[i] = px[i] < thresholdHu ? (byte)1 : (byte)0;
        }

        // Remove air connected to the border (outside the body) by flooding from every border pixel.
        var stack = ArrayPool<int>.Shared.Rent(h * w);
        try
        {
            int sp = 0;
            void Seed(int p)
            {
                if (region[p] == 1)
                {
                    region[p] = 0;
                    stack[sp++] = p;
                }
            }

            for (int x = 0; x < w; x++)
            {
                Seed(x);
                Seed(((h - 1) * w) + x);
            }

            for (int y = 0; y < h; y++)
            {
                Seed(y * w);
                Seed((y * w) + w - 1);
            }

            while (sp > 0)
            {
                int p = stack[--sp];
                int y = p / w, x = p % w;
                if (x > 0) { Seed(p - 1); }
                if (x < w - 1) { Seed(p + 1); }
                if (y > 0) { Seed(p - w); }
                if (y < h - 1) { Seed(p + w); }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(stack);
        }

        var mask = RegionMask.FromRegion(h, w, new PixelRect(0, 0, h, w), region);
        if (mask is null)
        {
            return region;
        }

        var closed = BinaryMorphology.Close(mask, closingRadius);
        return closed is null ? region : BinaryMorphology.FillHoles(closed).ToFrame();
    }
}
