using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Vision.Pipeline;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Pipeline;

/// <summary>
/// The images of a <see cref="DicomSeries"/> as slices read on demand: each <see cref="Read"/> decodes one image's
/// pixel data (left in its file by the reader) through <see cref="SliceConverter.ToSlice"/>, so a series of any
/// length costs only its headers until the segmenter asks for a batch. Locations along the normal and the spacing
/// between slices come from the headers up front. Pixel buffers are rented from the shared array pool and taken
/// back when the segmenter releases a slice, so a series does not allocate (and the GC does not clear and collect)
/// a large-object array per image.
/// </summary>
public sealed class DicomSliceSource : ISliceSource
{
    private readonly DicomSeries _series;
    private readonly double[] _locations;
    private readonly double? _spacing;
    // Weak keys: a slice read but never released (percentile sampling, the preview) is collected as usual.
    private readonly ConditionalWeakTable<float[], object?> _rented = [];

    public DicomSliceSource(DicomSeries series)
    {
        _series = series;
        var datasets = series.Datasets;
        var first = datasets[0];
        double[]? normal = first.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var o) && o.Length == 6
            ? [(o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3])]
            : null;
        var locations = datasets.Select(d => DicomSeriesLoader.Location(d, normal)).ToArray();
        _spacing = locations.Length > 1 && locations.All(l => l is not null)
            ? Math.Abs(locations[^1]!.Value - locations[0]!.Value) / (locations.Length - 1)
            : null;
        _locations = locations.Select(l => l ?? double.NaN).ToArray();
        TotalPixels = datasets.Sum(d => (long)d.GetSingleValueOrDefault<ushort>(DicomTag.Rows, 0) * d.GetSingleValueOrDefault<ushort>(DicomTag.Columns, 0));
    }

    public int Count => _series.Instances.Count;

    public long TotalPixels { get; }

    /// <exception cref="InvalidDataException">The image lacks what a slice needs; the message names the image and tag.</exception>
    public Slice Read(int index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return SliceConverter.ToSlice(_series.Instances[index], _locations[index], _spacing, Rent);
    }

    /// <summary>Takes back the pixel buffer of a slice this source read; any other slice is left alone.</summary>
    public void Release(Slice slice)
    {
        if (MemoryMarshal.TryGetArray(slice.Pixels, out var segment) && segment.Array is { } array && _rented.Remove(array))
        {
            ArrayPool<float>.Shared.Return(array);
        }
    }

    private float[] Rent(int length)
    {
        var array = ArrayPool<float>.Shared.Rent(length);
        _rented.AddOrUpdate(array, null);
        return array;
    }
}
