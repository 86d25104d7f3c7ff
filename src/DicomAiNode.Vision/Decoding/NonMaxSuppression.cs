using System.Buffers;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Greedy NMS as Ultralytics' <c>TorchNMS</c> / torchvision (contract §5.3 step 7): boxes in descending score; a box
/// is suppressed when its IoU with a kept box is strictly greater than the threshold. IoU = inter / (a1 + a2 − inter)
/// with area = (x2−x1)(y2−y1), float32, no +1.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// Runs NMS over boxes already sorted by descending score (xyxy in separate spans, class offsets applied) and
    /// writes the indices of kept boxes to <paramref name="keep"/>; stops after <paramref name="keep"/>.Length boxes,
    /// which gives the same result as truncating afterwards (later keeps never suppress earlier ones).
    /// </summary>
    /// <returns>Number of kept boxes.</returns>
    public static int Run(ReadOnlySpan<float> x1, ReadOnlySpan<float> y1, ReadOnlySpan<float> x2, ReadOnlySpan<float> y2,
        float iouThreshold, Span<int> keep)
    {
        int n = x1.Length;
        if (y1.Length != n || x2.Length != n || y2.Length != n)
        {
            throw new ArgumentException("box coordinate spans differ in length");
        }

        var areaBuffer = ArrayPool<float>.Shared.Rent(n);
        var suppressedBuffer = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            var area = areaBuffer.AsSpan(0, n);
            var suppressed = suppressedBuffer.AsSpan(0, n);
            suppressed.Clear();
            for (int i = 0; i < n; i++)
            {
                area[i] = (x2[i] - x1[i]) * (y2[i] - y1[i]);
            }

            int kept = 0;
            for (int i = 0; i < n && kept < keep.Length; i++)
            {
                if (suppressed[i])
                {
                    continue;
                }

                keep[kept++] = i;
                float ax1 = x1[i], ay1 = y1[i], ax2 = x2[i], ay2 = y2[i], aArea = area[i];
                for (int j = i + 1; j < n; j++)
                {
                    if (suppressed[j])
                    {
                        continue;
                    }

                    float w = MathF.Max(MathF.Min(ax2, x2[j]) - MathF.Max(ax1, x1[j]), 0f);
                    float h = MathF.Max(MathF.Min(ay2, y2[j]) - MathF.Max(ay1, y1[j]), 0f);
                    float inter = w * h;
                    if (inter / (aArea + area[j] - inter) > iouThreshold)
                    {
                        suppressed[j] = true;
                    }
                }
            }

            return kept;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(areaBuffer);
            ArrayPool<bool>.Shared.Return(suppressedBuffer);
        }
    }
}
