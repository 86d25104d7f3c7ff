using System.Buffers;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// A coarse lung region of a CT slice in HU: air-like pixels (below <c>thresholdHu</c>) not connected to the image
/// border (outside air), in components of at least <c>minComponentMm2</c> (drops the trachea and small gas), each
/// component filled along its rows and its columns (spans between its first and last pixel). The fill covers
/// nodules, vessels and effusion-free bays that a juxtapleural nodule cuts into the lung, close to a convex hull of
/// each lung.
/// </summary>
public static class LungRegion
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
