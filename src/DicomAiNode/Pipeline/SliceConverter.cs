using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Vision.Preprocessing;

namespace DicomAiNode.Pipeline;

/// <summary>
/// Turns the images of a series into the Vision library's slices: modality values (HU for CT, PS3.3 C.11.1),
/// MONOCHROME1 turned into MONOCHROME2 order, pixel spacing, voxel depth and the position along the normal.
/// </summary>
public static class SliceConverter
{
    /// <summary>All slices of <paramref name="series"/> in memory at once; the node streams them through <see cref="DicomSliceSource"/> instead.</summary>
    /// <exception cref="InvalidDataException">An image lacks what a slice needs; the message names the image and tag.</exception>
    public static IReadOnlyList<Slice> ToSlices(DicomSeries series, CancellationToken cancellationToken = default)
    {
        var source = new DicomSliceSource(series);
        var slices = new Slice[source.Count];
        for (int i = 0; i < slices.Length; i++)
        {
            slices[i] = source.Read(i, cancellationToken);
        }
        return slices;
    }

    public static Slice ToSlice(Dicom.IO.DicomFile file, double location, double? spacingBetweenSlices) =>
        ToSlice(file, location, spacingBetweenSlices, static length => new float[length]);

    /// <summary>As <see cref="ToSlice(Dicom.IO.DicomFile, double, double?)"/>, the values in a buffer from <paramref name="allocate"/> (at least the given length).</summary>
    public static Slice ToSlice(Dicom.IO.DicomFile file, double location, double? spacingBetweenSlices, Func<int, float[]> allocate)
    {
        var ds = file.Dataset;
        string name = file.FilePath ?? ds.GetStringOrDefault(DicomTag.SOPInstanceUID, "image");
        var pixels = DicomPixelData.Create(file);
        if (pixels.Info.SamplesPerPixel != 1)
        {
            throw new InvalidDataException($"{name}: {pixels.Info.PhotometricInterpretation} with {pixels.Info.SamplesPerPixel} samples per pixel; segmentation needs grey-scale images.");
        }
        var buffer = allocate(pixels.Info.SamplesPerFrame);
        var values = buffer.AsSpan(0, pixels.Info.SamplesPerFrame);
        pixels.GetFrameAsFloat(0, values);
        if (pixels.Info.IsMonochrome1)
        {
            // PS3.3 C.7.6.3.1.2: in MONOCHROME1 the minimum value is white; the model sees MONOCHROME2 order.
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            for (int p = 0; p < values.Length; p++)
            {
                values[p] = max + min - values[p];
            }
        }
        var spacing = ds.TryGetValues<double>(DicomTag.PixelSpacing, out var ps) && ps.Length == 2 && ps[0] > 0 && ps[1] > 0
            ? ps
            : ds.TryGetValues<double>(DicomTag.ImagerPixelSpacing, out var ips) && ips.Length == 2 && ips[0] > 0 && ips[1] > 0
                ? ips
                : throw new InvalidDataException($"{name}: no Pixel Spacing (0028,0030): volumes and sizes in mm need it.");
        // The voxel depth for volumes is the distance between slice centres; Slice Thickness only where that is unknown
        // (one image), as gapped or overlapping reconstructions would otherwise be mis-measured.
        double thickness = spacingBetweenSlices is > 0 ? spacingBetweenSlices.Value
            : ds.TryGetValue<double>(DicomTag.SliceThickness, out var t) && t > 0 ? t : 1.0;
        return new Slice(buffer.AsMemory(0, values.Length), pixels.Info.Rows, pixels.Info.Columns, spacing[0], spacing[1], thickness, location);
    }
}
