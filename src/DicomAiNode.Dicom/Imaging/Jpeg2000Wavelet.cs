using System.Numerics;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// Inverse discrete wavelet transformation (T.800 Annex F): 2D_SR per decomposition level, rows then columns, each 1D_SR
/// by lifting over the interleaved signal with whole-sample symmetric extension (F.3.7). Coefficients of a tile-component
/// are laid out with each level's low-pass quadrant top-left, the high-pass bands right and below.
/// </summary>
internal static class Jpeg2000Wavelet
{
    // F.3.8.2 Table F.4: lifting parameters of the 9-7 irreversible filter.
    private const float Alpha = -1.586134342059924f;
    private const float Beta = -0.052980118572961f;
    private const float Gamma = 0.882911075530934f;
    private const float Delta = 0.443506852043971f;
    private const float K = 1.230174104914001f;

    public static void InverseReversible(int[] data, int stride, Jpeg2000Resolution[] resolutions) =>
        Inverse<int, Reversible>(data, stride, resolutions);

    public static void InverseIrreversible(float[] data, int stride, Jpeg2000Resolution[] resolutions) =>
        Inverse<float, Irreversible>(data, stride, resolutions);

    /// <summary>The two filters' lifting steps, horizontal (one interleaved row) and vertical (all columns at once).</summary>
    private interface ILifting<T>
    {
        static abstract void Lift(Span<T> signal, int parity);

        static abstract void LiftRows(T[] block, int width, int height, int parity);
    }

    /// <summary>2D_SR for every level (F.3.2): rows, then columns; the filter is a type argument, so each is compiled apart.</summary>
    private static void Inverse<T, TLifting>(T[] data, int stride, Jpeg2000Resolution[] resolutions)
        where TLifting : ILifting<T>
    {
        int longest = 0;
        foreach (var resolution in resolutions)
        {
            longest = Math.Max(longest, Math.Max(resolution.X1 - resolution.X0, resolution.Y1 - resolution.Y0));
        }
        var interleaved = new T[longest];
        var block = new T[stride * (resolutions[^1].Y1 - resolutions[^1].Y0)];
        for (int r = 1; r < resolutions.Length; r++)
        {
            var resolution = resolutions[r];
            int width = resolution.X1 - resolution.X0, height = resolution.Y1 - resolution.Y0;
            int lowWidth = resolutions[r - 1].X1 - resolutions[r - 1].X0, lowHeight = resolutions[r - 1].Y1 - resolutions[r - 1].Y0;
            int px = resolution.X0 & 1, py = resolution.Y0 & 1;
            for (int y = 0; y < height; y++)
            {
                var row = data.AsSpan(y * stride, width);
                Interleave<T>(row, interleaved.AsSpan(0, width), lowWidth, px);
                TLifting.Lift(interleaved.AsSpan(0, width), px);
                interleaved.AsSpan(0, width).CopyTo(row);
            }
            InterleaveRows(data, stride, block, width, height, lowHeight, py);
            TLifting.LiftRows(block, width, height, py);
            for (int y = 0; y < height; y++)
            {
                block.AsSpan(y * width, width).CopyTo(data.AsSpan(y * stride, width));
            }
        }
    }

    private readonly struct Reversible : ILifting<int>
    {
        public static void Lift(Span<int> signal, int parity) => Lift53(signal, parity);

        public static void LiftRows(int[] block, int width, int height, int parity) => Lift53Rows(block, width, height, parity);
    }

    private readonly struct Irreversible : ILifting<float>
    {
        public static void Lift(Span<float> signal, int parity) => Lift97(signal, parity);

        public static void LiftRows(float[] block, int width, int height, int parity) => Lift97Rows(block, width, height, parity);
    }

    // F.3.3 1D_INTERLEAVE of whole rows: the vertical 1D_SR then runs along rows, where memory is contiguous.
    private static void InterleaveRows<T>(T[] data, int stride, T[] block, int width, int height, int lowHeight, int parity)
    {
        for (int k = 0; k < lowHeight; k++)
        {
            data.AsSpan(k * stride, width).CopyTo(block.AsSpan((parity + (2 * k)) * width, width));
        }
        for (int k = 0; k + lowHeight < height; k++)
        {
            data.AsSpan((lowHeight + k) * stride, width).CopyTo(block.AsSpan((1 - parity + (2 * k)) * width, width));
        }
    }

    // F.3.8.1 on columns, all at once: row j gets its neighbours rows j - 1 and j + 1 (mirrored at the ends).
    private static void Lift53Rows(int[] block, int width, int height, int parity)
    {
        if (height == 1)
        {
            if (parity == 1)
            {
                var row = block.AsSpan(0, width);
                for (int x = 0; x < width; x++)
                {
                    row[x] /= 2;
                }
            }
            return;
        }
        for (int j = parity; j < height; j += 2)
        {
            var (upAt, downAt) = Neighbours(width, height, j);
            Span<int> up = block.AsSpan(upAt, width), down = block.AsSpan(downAt, width), row = block.AsSpan(j * width, width);
            int x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var two = new Vector<int>(2);
                for (; x <= width - Vector<int>.Count; x += Vector<int>.Count)
                {
                    var sum = new Vector<int>(up[x..]) + new Vector<int>(down[x..]) + two;
                    (new Vector<int>(row[x..]) - Vector.ShiftRightArithmetic(sum, 2)).CopyTo(row[x..]);
                }
            }
            for (; x < width; x++)
            {
                row[x] -= (up[x] + down[x] + 2) >> 2;
            }
        }
        for (int j = 1 - parity; j < height; j += 2)
        {
            var (upAt, downAt) = Neighbours(width, height, j);
            Span<int> up = block.AsSpan(upAt, width), down = block.AsSpan(downAt, width), row = block.AsSpan(j * width, width);
            int x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; x <= width - Vector<int>.Count; x += Vector<int>.Count)
                {
                    var sum = new Vector<int>(up[x..]) + new Vector<int>(down[x..]);
                    (new Vector<int>(row[x..]) + Vector.ShiftRightArithmetic(sum, 1)).CopyTo(row[x..]);
                }
            }
            for (; x < width; x++)
            {
                row[x] += (up[x] + down[x]) >> 1;
            }
        }
    }

    // F.3.8.2 on columns, all at once.
    private static void Lift97Rows(float[] block, int width, int height, int parity)
    {
        if (height == 1)
        {
            if (parity == 1)
            {
                var row = block.AsSpan(0, width);
                for (int x = 0; x < width; x++)
                {
                    row[x] /= 2;
                }
            }
            return;
        }
        for (int j = 0; j < height; j++)
        {
            Scale(block.AsSpan(j * width, width), ((j ^ parity) & 1) == 0 ? K : 1 / K);
        }
        Step(block, width, height, parity, Delta);
        Step(block, width, height, 1 - parity, Gamma);
        Step(block, width, height, parity, Beta);
        Step(block, width, height, 1 - parity, Alpha);

        static void Scale(Span<float> row, float factor)
        {
            for (int x = 0; x < row.Length; x++)
            {
                row[x] *= factor;
            }
        }

        static void Step(float[] block, int width, int height, int start, float factor)
        {
            var f = new Vector<float>(factor);
            for (int j = start; j < height; j += 2)
            {
                var (upAt, downAt) = Neighbours(width, height, j);
                Span<float> up = block.AsSpan(upAt, width), down = block.AsSpan(downAt, width), row = block.AsSpan(j * width, width);
                int x = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; x <= width - Vector<float>.Count; x += Vector<float>.Count)
                    {
                        (new Vector<float>(row[x..]) - (f * (new Vector<float>(up[x..]) + new Vector<float>(down[x..])))).CopyTo(row[x..]);
                    }
                }
                for (; x < width; x++)
                {
                    row[x] -= factor * (up[x] + down[x]);
                }
            }
        }
    }

    // F.3.7 whole-sample symmetric extension: row -1 is row 1, row height is row height - 2.
    private static (int Up, int Down) Neighbours(int width, int height, int j) =>
        ((j > 0 ? j - 1 : j + 1) * width, (j + 1 < height ? j + 1 : j - 1) * width);

    // F.3.3 1D_INTERLEAVE: low-pass samples go to the even absolute positions, high-pass to the odd ones.
    private static void Interleave<T>(ReadOnlySpan<T> source, Span<T> target, int lowCount, int parity)
    {
        for (int k = 0; k < lowCount; k++)
        {
            target[parity + (2 * k)] = source[k];
        }
        for (int k = 0; k + lowCount < source.Length; k++)
        {
            target[1 - parity + (2 * k)] = source[lowCount + k];
        }
    }

    // F.3.8.1 (F-5, F-6): the 5-3 reversible filter by integer lifting.
    private static void Lift53(Span<int> x, int parity)
    {
        int n = x.Length;
        if (n == 1)
        {
            if (parity == 1)
            {
                x[0] /= 2;
            }
            return;
        }
        for (int j = parity; j < n; j += 2)
        {
            int left = j > 0 ? x[j - 1] : x[j + 1];
            int right = j + 1 < n ? x[j + 1] : x[j - 1];
            x[j] -= (left + right + 2) >> 2;
        }
        for (int j = 1 - parity; j < n; j += 2)
        {
            int left = j > 0 ? x[j - 1] : x[j + 1];
            int right = j + 1 < n ? x[j + 1] : x[j - 1];
            x[j] += (left + right) >> 1;
        }
    }

    // F.3.8.2 (F-7): the 9-7 irreversible filter: scaling, then the four lifting steps undone in reverse.
    private static void Lift97(Span<float> x, int parity)
    {
        int n = x.Length;
        if (n == 1)
        {
            if (parity == 1)
            {
                x[0] /= 2;
            }
            return;
        }
        for (int j = parity; j < n; j += 2)
        {
            x[j] *= K;
        }
        for (int j = 1 - parity; j < n; j += 2)
        {
            x[j] *= 1 / K;
        }
        Step(x, parity, Delta);
        Step(x, 1 - parity, Gamma);
        Step(x, parity, Beta);
        Step(x, 1 - parity, Alpha);

        static void Step(Span<float> x, int start, float factor)
        {
            int n = x.Length;
            for (int j = start; j < n; j += 2)
            {
                float left = j > 0 ? x[j - 1] : x[j + 1];
                float right = j + 1 < n ? x[j + 1] : x[j - 1];
                x[j] -= factor * (left + right);
            }
        }
    }
}
