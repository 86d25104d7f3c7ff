using System.Buffers;
using System.Runtime.CompilerServices;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// A coarse lung region of a CT slice in HU: air-like pixels (below <c>thresholdHu</c>) not connected to the image
/// border (outside air), in components of at least <c>minComponentMm2</c> (drops the trachea and small gas), each
/// component filled along its rows and its columns (spans between its first and last pixel). The fill covers
/// nodules, vessels and effusion-free bays that a juxtapleural nodule cuts into the lung, close to a convex hull of
/// each lung.
/// </summary>
/// <remarks>
/// Components (4-connected) are found on runs of air pixels per row joined by union-find where runs of adjacent
/// rows share a column, so the work follows the number of runs rather than a pixel-by-pixel flood.
/// </remarks>
public static class LungRegion
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per slice with a lung finding in a fresh node
    public static byte[] Compute(Slice slice, float thresholdHu = -400f, double minComponentMm2 = 400)
    {
        int h = slice.Rows, w = slice.Columns;
        var px = slice.Pixels.Span;
        var runs = new RunList();
        var rowStart = ArrayPool<int>.Shared.Rent(h + 1);
        try
        {
            // Runs of air per row, each joined with the runs of the row above that share a column (4-connectivity).
            int above = 0;
            for (int y = 0; y < h; y++)
            {
                rowStart[y] = runs.Count;
                var row = px.Slice(y * w, w);
                int x = 0;
                while (x < w)
                {
                    while (x < w && !(row[x] < thresholdHu))
                    {
                        x++;
                    }

                    if (x == w)
                    {
                        break;
                    }

                    int start = x;
                    while (x < w && row[x] < thresholdHu)
                    {
                        x++;
                    }

                    int id = runs.Add(y, start, x - 1);
                    for (int k = above; k < rowStart[y]; k++)
                    {
                        if (runs.End(k) < start)
                        {
                            above = k + 1; // this run of the row above ends left of every later run of this row
                            continue;
                        }

                        if (runs.Start(k) > x - 1)
                        {
                            break;
                        }

                        runs.Union(id, k);
                    }
                }

                above = rowStart[y];
            }

            rowStart[h] = runs.Count;
            return Fill(runs, rowStart, h, w, slice.PixelArea, minComponentMm2);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rowStart);
            runs.Dispose();
        }
    }

    private static byte[] Fill(RunList runs, int[] rowStart, int h, int w, double pixelArea, double minComponentMm2)
    {
        int count = runs.Count;
        var region = new byte[h * w];
        var pixels = ArrayPool<long>.Shared.Rent(count);
        var border = ArrayPool<bool>.Shared.Rent(count);
        var slot = ArrayPool<int>.Shared.Rent(count);
        try
        {
            pixels.AsSpan(0, count).Clear();
            border.AsSpan(0, count).Clear();
            for (int i = 0; i < count; i++)
            {
                int root = runs.Find(i);
                pixels[root] += runs.End(i) - runs.Start(i) + 1;
                int y = runs.Row(i);
                border[root] |= y == 0 || y == h - 1 || runs.Start(i) == 0 || runs.End(i) == w - 1;
            }

            // The kept components: inside the body, large enough; each gets a slot for its column extents.
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                slot[i] = -1;
                if (runs.Find(i) == i && !border[i] && pixels[i] * pixelArea >= minComponentMm2)
                {
                    slot[i] = kept++;
                }
            }

            if (kept == 0)
            {
                return region;
            }

            var first = ArrayPool<int>.Shared.Rent(kept * w);
            var last = ArrayPool<int>.Shared.Rent(kept * w);
            var rowFirst = ArrayPool<int>.Shared.Rent(kept);
            var rowLast = ArrayPool<int>.Shared.Rent(kept);
            try
            {
                first.AsSpan(0, kept * w).Fill(-1);
                for (int y = 0; y < h; y++)
                {
                    rowFirst.AsSpan(0, kept).Fill(int.MaxValue);
                    rowLast.AsSpan(0, kept).Fill(-1);
                    for (int i = rowStart[y]; i < rowStart[y + 1]; i++)
                    {
                        int k = slot[runs.Find(i)];
                        if (k < 0)
                        {
                            continue;
                        }

                        int x0 = runs.Start(i), x1 = runs.End(i);
                        rowFirst[k] = Math.Min(rowFirst[k], x0);
                        rowLast[k] = Math.Max(rowLast[k], x1);
                        var f = first.AsSpan((k * w) + x0, x1 - x0 + 1);
                        for (int c = 0; c < f.Length; c++)
                        {
                            if (f[c] < 0)
                            {
                                f[c] = y;
                            }
                        }

                        last.AsSpan((k * w) + x0, x1 - x0 + 1).Fill(y);
                    }

                    // Row spans: from the component's first to its last pixel in this row.
                    for (int k = 0; k < kept; k++)
                    {
                        if (rowLast[k] >= 0)
                        {
                            region.AsSpan((y * w) + rowFirst[k], rowLast[k] - rowFirst[k] + 1).Fill(1);
                        }
                    }
                }

                // Column spans.
                for (int k = 0; k < kept; k++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        int from = first[(k * w) + x];
                        if (from < 0)
                        {
                            continue;
                        }

                        for (int y = from, to = last[(k * w) + x]; y <= to; y++)
                        {
                            region[(y * w) + x] = 1;
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(first);
                ArrayPool<int>.Shared.Return(last);
                ArrayPool<int>.Shared.Return(rowFirst);
                ArrayPool<int>.Shared.Return(rowLast);
            }

            return region;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(pixels);
            ArrayPool<bool>.Shared.Return(border);
            ArrayPool<int>.Shared.Return(slot);
        }
    }

    /// <summary>Runs (row, first and last column) in a pooled buffer, with a union-find over their indices.</summary>
    private sealed class RunList : IDisposable
    {
        private int[] _data = ArrayPool<int>.Shared.Rent(4 * 1024); // per run: row, start, end, parent

        public int Count { get; private set; }

        public int Row(int i) => _data[4 * i];

        public int Start(int i) => _data[(4 * i) + 1];

        public int End(int i) => _data[(4 * i) + 2];

        public int Add(int row, int start, int end)
        {
            if (4 * (Count + 1) > _data.Length)
            {
                var grown = ArrayPool<int>.Shared.Rent(2 * _data.Length);
                _data.AsSpan(0, 4 * Count).CopyTo(grown);
                ArrayPool<int>.Shared.Return(_data);
                _data = grown;
            }

            int i = Count++;
            _data[4 * i] = row;
            _data[(4 * i) + 1] = start;
            _data[(4 * i) + 2] = end;
            _data[(4 * i) + 3] = i;
            return i;
        }

        /// <summary>The root of run <paramref name="i"/>, halving the path on the way.</summary>
        public int Find(int i)
        {
            while (_data[(4 * i) + 3] != i)
            {
                int parent = _data[(4 * i) + 3];
                _data[(4 * i) + 3] = _data[(4 * parent) + 3];
                i = parent;
            }

            return i;
        }

        public void Union(int a, int b)
        {
            int ra = Find(a), rb = Find(b);
            if (ra != rb)
            {
                // The smaller index becomes the root: roots stay stable and early in row order.
                _data[(4 * Math.Max(ra, rb)) + 3] = Math.Min(ra, rb);
            }
        }

        public void Dispose() => ArrayPool<int>.Shared.Return(_data);
    }
}
