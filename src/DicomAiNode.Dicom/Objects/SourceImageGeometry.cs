using System.Globalization;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// The plane geometry of a series of single-frame source images (PS3.3 C.7.6.2: Image Position/Orientation (Patient),
/// Pixel Spacing): each image's distance along the slice normal and its 1-based rank in position order.
/// </summary>
internal sealed class SourceImageGeometry
{
    private SourceImageGeometry(DicomDataset[] images, string[][] positions, double[][] positionValues, string[] orientation, double[] normal,
        double[] distances, int[] order, int[] positionIndex)
    {
        Images = images;
        Positions = positions;
        PositionValues = positionValues;
        Orientation = orientation;
        Normal = normal;
        Distances = distances;
        Order = order;
        PositionIndex = positionIndex;
    }

    public DicomDataset[] Images { get; }

    /// <summary>Image Position (Patient) of each image as the source wrote it (so copies match to the digit).</summary>
    public string[][] Positions { get; }

    public double[][] PositionValues { get; }

    public string[] Orientation { get; }

    public double[] Normal { get; }

    /// <summary>Distance of each image along <see cref="Normal"/> in mm.</summary>
    public double[] Distances { get; }

    /// <summary>Image indexes in ascending distance along the normal.</summary>
    public int[] Order { get; }

    /// <summary>1-based rank of each image's distinct position in ascending distance (the SEG dimension index value).</summary>
    public int[] PositionIndex { get; }

    public int Rows => Images[0].GetValue<int>(DicomTag.Rows);

    public int Columns => Images[0].GetValue<int>(DicomTag.Columns);

    /// <summary>Reads the geometry; throws <see cref="ArgumentException"/> naming the image that lacks it.</summary>
    public static SourceImageGeometry Read(IReadOnlyList<DicomDataset> images)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("A segmentation needs at least one source image.", nameof(images));
        }
        var array = images.ToArray();
        var positions = new string[array.Length][];
        var values = new double[array.Length][];
        string[]? orientation = null;
        int rows = 0, columns = 0;
        for (int i = 0; i < array.Length; i++)
        {
            var image = array[i];
            string name = $"source image {i + 1} ({image.GetStringOrDefault(DicomTag.SOPInstanceUID, "no SOPInstanceUID")})";
            if (image.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1) > 1)
            {
                throw new ArgumentException($"{name} is a multi-frame image; segmentations are built from single-frame images.", nameof(images));
            }
            if (!image.TryGetValues<string>(DicomTag.ImagePositionPatient, out var ipp) || ipp.Length != 3
                || !image.TryGetValues<string>(DicomTag.ImageOrientationPatient, out var iop) || iop.Length != 6)
            {
                throw new ArgumentException($"{name} lacks Image Position/Orientation (Patient) (0020,0032)/(0020,0037): a segmentation needs patient geometry.", nameof(images));
            }
            int r = image.GetValue<int>(DicomTag.Rows), c = image.GetValue<int>(DicomTag.Columns);
            if (i == 0)
            {
                orientation = iop;
                rows = r;
                columns = c;
            }
            else if (r != rows || c != columns)
            {
                throw new ArgumentException($"{name} is {r}×{c}; the first image is {rows}×{columns}.", nameof(images));
            }
            else if (!SameOrientation(orientation!, iop))
            {
                throw new ArgumentException($"{name} has orientation {string.Join('\\', iop)}, the first image {string.Join('\\', orientation!)}.", nameof(images));
            }
            positions[i] = ipp;
            values[i] = ipp.Select(Parse).ToArray();
        }

        var o = orientation!.Select(Parse).ToArray();
        double[] normal =
        [
            (o[1] * o[5]) - (o[2] * o[4]),
            (o[2] * o[3]) - (o[0] * o[5]),
            (o[0] * o[4]) - (o[1] * o[3]),
        ];
        var distances = values.Select(p => (p[0] * normal[0]) + (p[1] * normal[1]) + (p[2] * normal[2])).ToArray();
        var order = Enumerable.Range(0, array.Length).OrderBy(i => distances[i]).ThenBy(i => i).ToArray();
        var index = new int[array.Length];
        int rank = 0;
        double previous = double.NegativeInfinity;
        foreach (var i in order)
        {
            if (distances[i] - previous > 1e-3)
            {
                rank++;
                previous = distances[i];
            }
            index[i] = rank;
        }
        return new SourceImageGeometry(array, positions, values, orientation!, normal, distances, order, index);
    }

    /// <summary>The spacing between adjacent distinct positions when it is uniform (within 1 %), else null.</summary>
    public double? UniformSpacing()
    {
        var distinct = Order.Select(i => Distances[i]).Distinct().ToArray();
        if (distinct.Length < 2)
        {
            return null;
        }
        var gaps = distinct.Zip(distinct.Skip(1), (a, b) => b - a).Where(g => g > 1e-3).ToArray();
        if (gaps.Length == 0)
        {
            return null;
        }
        double mean = gaps.Average();
        return gaps.All(g => Math.Abs(g - mean) <= 0.01 * mean) ? mean : null;
    }

    internal static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool SameOrientation(string[] a, string[] b)
    {
        for (int i = 0; i < 6; i++)
        {
            if (Math.Abs(Parse(a[i]) - Parse(b[i])) > 1e-4)
            {
                return false;
            }
        }
        return true;
    }
}
