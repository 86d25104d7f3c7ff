using System.Buffers;

namespace DicomAiNode.Vision.Decoding;

/// <summary>
/// Decodes one image of a classic output <c>[4+nc+nm, A]</c> (contract §3.1) with Ultralytics'
/// <c>non_max_suppression</c> (§5.3, multi_label=False): candidates with best class score &gt; conf, xywh→xyxy,
/// class filter, top <c>max_nms</c>, class-offset greedy NMS, first <c>max_det</c>.
/// </summary>
public static class ClassicDecoder
{
    /// <param name="output">The image's <c>[channels, anchors]</c> block of output0.</param>
    /// <param name="channels">4 + nc + nm.</param>
    /// <param name="anchors">A.</param>
    /// <param name="maskCount">nm (32).</param>
    /// <param name="options">Thresholds.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the class-score scan of large vocabularies.</param>
    public static DecodedDetections Decode(ReadOnlySpan<float> output, int channels, int anchors, int maskCount, DecodeOptions options,
        int maxDegreeOfParallelism = 1)
    {
        int nc = channels - 4 - maskCount;
        if (nc <= 0 || output.Length < (long)channels * anchors)
        {
            throw new ArgumentException($"output0 block of {output.Length} values does not hold [{channels},{anchors}] with {maskCount} mask coefficients");
        }

        var bestBuffer = ArrayPool<float>.Shared.Rent(anchors);
        var classBuffer = ArrayPool<int>.Shared.Rent(anchors);
        var candidateBuffer = ArrayPool<Candidate>.Shared.Rent(anchors);
        try
        {
            var best = bestBuffer.AsSpan(0, anchors);
            var bestClass = classBuffer.AsSpan(0, anchors);
            ClassScoreScan.Run(output.Slice(4 * anchors, nc * anchors), nc, anchors, best, bestClass, maxDegreeOfParallelism);

            int n = 0;
            float conf = options.Confidence;
            var allowed = options.Classes;
            for (int a = 0; a < anchors; a++)
            {
                if (best[a] > conf && (allowed is null || allowed.Contains(bestClass[a])))
                {
                    candidateBuffer[n++] = new Candidate(best[a], a, bestClass[a]);
                }
            }

            var candidates = candidateBuffer.AsSpan(0, n);
            candidates.Sort();
            if (n > options.MaxNms)
            {
                n = options.MaxNms;
                candidates = candidates[..n];
            }

            return Suppress(output, anchors, maskCount, nc, candidates, options);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bestBuffer);
            ArrayPool<int>.Shared.Return(classBuffer);
            ArrayPool<Candidate>.Shared.Return(candidateBuffer);
        }
    }

    private static DecodedDetections Suppress(ReadOnlySpan<float> output, int anchors, int maskCount, int nc,
        ReadOnlySpan<Candidate> candidates, DecodeOptions options)
    {
        int n = candidates.Length;
        var coords = ArrayPool<float>.Shared.Rent(8 * Math.Max(n, 1));
        var keepBuffer = ArrayPool<int>.Shared.Rent(Math.Max(1, Math.Min(n, options.MaxDetections)));
        try
        {
            var x1 = coords.AsSpan(0, n);
            var y1 = coords.AsSpan(n, n);
            var x2 = coords.AsSpan(2 * n, n);
            var y2 = coords.AsSpan(3 * n, n);
            var ox1 = coords.AsSpan(4 * n, n);
            var oy1 = coords.AsSpan(5 * n, n);
            var ox2 = coords.AsSpan(6 * n, n);
            var oy2 = coords.AsSpan(7 * n, n);
            for (int i = 0; i < n; i++)
            {
                int a = candidates[i].Anchor;
                float cx = output[a], cy = output[anchors + a], w = output[(2 * anchors) + a], h = output[(3 * anchors) + a];
                float dw = w / 2, dh = h / 2;
                x1[i] = cx - dw;
                y1[i] = cy - dh;
                x2[i] = cx + dw;
                y2[i] = cy + dh;
                // Ultralytics adds cls·max_wh in float32; replicated, including its rounding for large class ids.
                float offset = options.Agnostic ? 0f : candidates[i].ClassId * options.MaxWh;
                ox1[i] = x1[i] + offset;
                oy1[i] = y1[i] + offset;
                ox2[i] = x2[i] + offset;
                oy2[i] = y2[i] + offset;
            }

            var keep = keepBuffer.AsSpan(0, Math.Min(n, options.MaxDetections));
            int kept = NonMaxSuppression.Run(ox1, oy1, ox2, oy2, options.Iou, keep);
            var items = new Detection[kept];
            var coefficients = new float[kept * maskCount];
            int coefStart = (4 + nc) * anchors;
            for (int k = 0; k < kept; k++)
            {
                int i = keep[k];
                var c = candidates[i];
                items[k] = new Detection(x1[i], y1[i], x2[i], y2[i], c.Score, c.ClassId);
                for (int m = 0; m < maskCount; m++)
                {
                    coefficients[(k * maskCount) + m] = output[coefStart + (m * anchors) + c.Anchor];
                }
            }

            return new DecodedDetections(items, coefficients, maskCount);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(coords);
            ArrayPool<int>.Shared.Return(keepBuffer);
        }
    }

    /// <summary>Sorts by descending score, then ascending anchor (a deterministic order for ties).</summary>
    private readonly record struct Candidate(float Score, int Anchor, int ClassId) : IComparable<Candidate>
    {
        public int CompareTo(Candidate other)
        {
            int c = other.Score.CompareTo(Score);
            return c != 0 ? c : Anchor.CompareTo(other.Anchor);
        }
    }
}
