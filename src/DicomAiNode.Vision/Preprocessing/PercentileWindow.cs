using System.Buffers;

namespace DicomAiNode.Vision.Preprocessing;

/// <summary>MR intensity normalisation: a window spanning two percentiles of a series' values.</summary>
public static class PercentileWindow
{
    /// <summary>Cap on the values sorted; larger series are sampled on a regular stride.</summary>
    private const int MaxSamples = 1 << 21;

    /// <summary>
    /// The window whose lower edge is the <paramref name="low"/> percentile and upper edge the <paramref name="high"/>
    /// percentile (linear interpolation between order statistics, as numpy's default). A constant series gets a one-unit range.
    /// </summary>
    public static WindowPreset Compute(IReadOnlyList<Slice> slices, double low, double high) =>
        Compute(slices, slices.Count, slices.Sum(s => (long)s.Pixels.Length), low, high);

    /// <summary>
    /// The same window from <paramref name="count"/> slices read one at a time (a streamed series), given their
    /// <paramref name="total"/> number of pixels up front so that the sampling stride is the same.
    /// </summary>
    public static WindowPreset Compute(IEnumerable<Slice> slices, int count, long total, double low, double high)
    {
        if (total == 0)
        {
            throw new ArgumentException("no pixels to normalise", nameof(slices));
        }

        int stride = (int)Math.Max(1, (total + MaxSamples - 1) / MaxSamples);
        var buffer = ArrayPool<float>.Shared.Rent((int)Math.Min(total, MaxSamples + count));
        try
        {
            int n = 0;
            long index = 0;
            foreach (var slice in slices)
            {
                var px = slice.Pixels.Span;
                // Continue the global stride across slice borders.
                int start = (int)((stride - (index % stride)) % stride);
                for (int i = start; i < px.Length && n < buffer.Length; i += stride)
                {
                    buffer[n++] = px[i];
                }

                index += px.Length;
            }

            var values = buffer.AsSpan(0, n);
            values.Sort();
            double lo = At(values, low), hi = At(values, high);
            return WindowPreset.FromRange(lo, hi > lo ? hi : lo + 1);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static double At(ReadOnlySpan<float> sorted, double percentile)
    {
        double pos = percentile / 100.0 * (sorted.Length - 1);
        int i = (int)Math.Floor(pos);
        if (i >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double f = pos - i;
        return sorted[i] + ((sorted[i + 1] - sorted[i]) * f);
    }
}
