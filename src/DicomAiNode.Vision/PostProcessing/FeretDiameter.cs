using System.Buffers;
using DicomAiNode.Vision.Decoding;

namespace DicomAiNode.Vision.PostProcessing;

/// <summary>
/// Maximum Feret (caliper) diameter of a 2D mask in mm: the convex hull of the outer corners of the extreme pixels
/// of each row, then the largest distance between hull vertices, with anisotropic pixel spacing.
/// </summary>
public static class FeretDiameter
{
    public static double Compute(RegionMask mask, double rowSpacing, double columnSpacing)
    {
        var b = mask.Bounds;
        var points = ArrayPool<(double X, double Y)>.Shared.Rent(4 * Math.Max(1, b.Height));
        var hull = ArrayPool<(double X, double Y)>.Shared.Rent((8 * Math.Max(1, b.Height)) + 1);
        try
        {
            int n = 0;
            for (int r = 0; r < b.Height; r++)
            {
                var row = mask.Data.AsSpan(r * b.Width, b.Width);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0)
                {
                    continue;
                }

                int last = row.LastIndexOfAnyExcept((byte)0);
                double y0 = (b.Top + r) * rowSpacing, y1 = (b.Top + r + 1) * rowSpacing;
                double x0 = (b.Left + first) * columnSpacing, x1 = (b.Left + last + 1) * columnSpacing;
                points[n++] = (x0, y0);
                points[n++] = (x0, y1);
                points[n++] = (x1, y0);
                points[n++] = (x1, y1);
            }

            if (n == 0)
            {
                return 0;
            }

            var pts = points.AsSpan(0, n);
            pts.Sort((p, q) => p.X != q.X ? p.X.CompareTo(q.X) : p.Y.CompareTo(q.Y));
            int h = MonotoneChain(pts, hull);
            double best = 0;
            for (int i = 0; i < h; i++)
            {
                for (int j = i + 1; j < h; j++)
                {
                    double dx = hull[i].X - hull[j].X, dy = hull[i].Y - hull[j].Y;
                    best = Math.Max(best, (dx * dx) + (dy * dy));
                }
            }

            return Math.Sqrt(best);
        }
        finally
        {
            ArrayPool<(double X, double Y)>.Shared.Return(points);
            ArrayPool<(double X, double Y)>.Shared.Return(hull);
        }
    }

    /// <summary>Andrew's monotone chain over points sorted by (x, y); returns the number of hull vertices.</summary>
    private static int MonotoneChain(ReadOnlySpan<(double X, double Y)> p, (double X, double Y)[] hull)
    {
        if (p.Length < 3)
        {
            p.CopyTo(hull);
            return p.Length;
        }

        static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
            ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));

        int k = 0;
        for (int i = 0; i < p.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }

            hull[k++] = p[i];
        }

        for (int i = p.Length - 2, t = k + 1; i >= 0; i--)
        {
            while (k >= t && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }

            hull[k++] = p[i];
        }

        return k - 1;
    }
}
