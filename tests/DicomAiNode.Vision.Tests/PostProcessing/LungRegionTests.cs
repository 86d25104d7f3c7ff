using CsCheck;
using System.Buffers;
using DicomAiNode.Vision.PostProcessing;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.Tests.PostProcessing;

/// <summary>The run-based lung region equals the pixel flood fill it replaced, byte for byte.</summary>
public class LungRegionTests
{
    [Fact]
    public void Run_labelling_equals_the_flood_fill_on_random_blobs()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int[1, 70], Gen.Int[0, 12], Gen.Int[0, 100000], Gen.Double[0.2, 3])
            .Sample((h, w, blobs, seed, spacing) =>
            {
                var slice = Blobs(h, w, blobs, seed, spacing);
                return LungRegion.Compute(slice).AsSpan().SequenceEqual(FloodFillReference.Compute(slice));
            }, iter: 500);
    }

    [Fact]
    public void Run_labelling_equals_the_flood_fill_on_noise_and_a_chest()
    {
        var rnd = new Random(5);
        var noise = new float[97 * 131];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = rnd.Next(2) == 0 ? -900f : 40f;
        }

        var slice = new Slice(noise, 97, 131, 0.3, 0.3);
        Assert.Equal(FloodFillReference.Compute(slice, minComponentMm2: 0.5), LungRegion.Compute(slice, minComponentMm2: 0.5));
        var chest = Blobs(256, 256, 0, 1, 1.5);
        Assert.Equal(FloodFillReference.Compute(chest), LungRegion.Compute(chest));
    }

    /// <summary>A body ellipse in air with two lungs, plus random air and tissue discs (holes, bridges, nested blobs).</summary>
    private static Slice Blobs(int h, int w, int blobs, int seed, double spacing)
    {
        var rnd = new Random(seed);
        var hu = new float[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double u = (x - (w / 2.0)) / (w / 2.0), v = (y - (h / 2.0)) / (h / 2.0);
                bool body = (u * u / 0.8) + (v * v / 0.6) < 1;
                bool lung = (Math.Pow(Math.Abs(u) - 0.4, 2) / 0.06) + (v * v / 0.25) < 1;
                hu[(y * w) + x] = !body || lung ? -850f : 30f;
            }
        }

        for (int b = 0; b < blobs; b++)
        {
            int cy = rnd.Next(h), cx = rnd.Next(w), r = rnd.Next(1, 1 + (Math.Max(h, w) / 4));
            float value = rnd.Next(2) == 0 ? -700f : 60f;
            for (int y = Math.Max(0, cy - r); y < Math.Min(h, cy + r); y++)
            {
                for (int x = Math.Max(0, cx - r); x < Math.Min(w, cx + r); x++)
                {
                    if (((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) < r * r)
                    {
                        hu[(y * w) + x] = value;
                    }
                }
            }
        }

        return new Slice(hu, h, w, spacing, spacing);
    }

    /// <summary>The flood fill of the first implementation, kept as the reference.</summary>
    private static class FloodFillReference
    {
        public static byte[] Compute(Slice slice, float thresholdHu = -400f, double minComponentMm2 = 400)
        {
            int h = slice.Rows, w = slice.Columns, n = h * w;
            var px = slice.Pixels.Span;
            var label = ArrayPool<int>.Shared.Rent(n);
            var stack = ArrayPool<int>.Shared.Rent(n);
            try
            {
                var labels = label.AsSpan(0, n);
                for (int i = 0; i < n; i++)
                {
                    labels[i] = px[i] < thresholdHu ? -1 : 0; // -1: air not yet labelled
                }

                var region = new byte[n];
                int next = 1;
                for (int start = 0; start < n; start++)
                {
                    if (labels[start] != -1)
                    {
                        continue;
                    }

                    // Flood one air component, noting whether it touches the border and its row/column extents.
                    int id = next++, sp = 0, count = 0;
                    bool border = false;
                    labels[start] = id;
                    stack[sp++] = start;
                    while (sp > 0)
                    {
                        int p = stack[--sp];
                        count++;
                        int y = p / w, x = p % w;
                        border |= x == 0 || y == 0 || x == w - 1 || y == h - 1;
                        if (x > 0 && labels[p - 1] == -1) { labels[p - 1] = id; stack[sp++] = p - 1; }
                        if (x < w - 1 && labels[p + 1] == -1) { labels[p + 1] = id; stack[sp++] = p + 1; }
                        if (y > 0 && labels[p - w] == -1) { labels[p - w] = id; stack[sp++] = p - w; }
                        if (y < h - 1 && labels[p + w] == -1) { labels[p + w] = id; stack[sp++] = p + w; }
                    }

                    if (!border && count * slice.PixelArea >= minComponentMm2)
                    {
                        FillSpans(labels, region, id, h, w);
                    }
                }

                return region;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(label);
                ArrayPool<int>.Shared.Return(stack);
            }
        }

        private static void FillSpans(ReadOnlySpan<int> labels, byte[] region, int id, int h, int w)
        {
            for (int y = 0; y < h; y++)
            {
                var row = labels.Slice(y * w, w);
                int first = row.IndexOf(id);
                if (first >= 0)
                {
                    region.AsSpan((y * w) + first, row.LastIndexOf(id) - first + 1).Fill(1);
                }
            }

            for (int x = 0; x < w; x++)
            {
                int first = -1, last = -1;
                for (int y = 0; y < h; y++)
                {
                    if (labels[(y * w) + x] == id)
                    {
                        first = first < 0 ? y : first;
                        last = y;
                    }
                }

                for (int y = first; y >= 0 && y <= last; y++)
                {
                    region[(y * w) + x] = 1;
                }
            }
        }
    }
}
