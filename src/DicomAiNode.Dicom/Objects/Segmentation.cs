using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>A SEG read by <see cref="SegmentationReader"/>: segments, frames with masks, and the geometry to map them onto a source series.</summary>
public sealed class Segmentation
{
    internal Segmentation(string sopInstanceUid, string seriesInstanceUid, string segmentationType, int rows, int columns,
        IReadOnlyList<double>? orientation, IReadOnlyList<Segment> segments, IReadOnlyList<SegmentationFrame> frames)
    {
        SopInstanceUid = sopInstanceUid;
        SeriesInstanceUid = seriesInstanceUid;
        SegmentationType = segmentationType;
        Rows = rows;
        Columns = columns;
        ImageOrientation = orientation;
        Segments = segments;
        Frames = frames;
    }

    public string SopInstanceUid { get; }

    public string SeriesInstanceUid { get; }

    /// <summary>BINARY or FRACTIONAL (fractional frames are thresholded at half the maximum).</summary>
    public string SegmentationType { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Shared Image Orientation (Patient), when present.</summary>
    public IReadOnlyList<double>? ImageOrientation { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public IReadOnlyList<SegmentationFrame> Frames { get; }

    /// <summary>
    /// The masks of segment <paramref name="segmentNumber"/> on <paramref name="sourceImages"/>: one entry per source
    /// image (null where the segment has no frame). A frame goes to the image its Derivation Image macro references;
    /// failing that (or always, with <paramref name="byPosition"/>), to the image at the same Image Position (Patient)
    /// (within 0.01 mm).
    /// </summary>
    /// <exception cref="InvalidOperationException">A frame of the segment matches no source image.</exception>
    public byte[]?[] MapToSource(int segmentNumber, IReadOnlyList<DicomDataset> sourceImages, bool byPosition = false)
    {
        var bySop = new Dictionary<string, int>(StringComparer.Ordinal);
        var positions = new double[sourceImages.Count][];
        for (int i = 0; i < sourceImages.Count; i++)
        {
            bySop.TryAdd(sourceImages[i].GetStringOrDefault(DicomTag.SOPInstanceUID), i);
            positions[i] = sourceImages[i].TryGetValues<double>(DicomTag.ImagePositionPatient, out var p) ? p : [];
        }
        var result = new byte[]?[sourceImages.Count];
        foreach (var frame in Frames.Where(f => f.SegmentNumber == segmentNumber))
        {
            int target = -1;
            foreach (var uid in byPosition ? [] : frame.SourceSopInstanceUids)
            {
                if (bySop.TryGetValue(uid, out target))
                {
                    break;
                }
                target = -1;
            }
            if (target < 0 && frame.ImagePosition is { Count: 3 } position)
            {
                target = Array.FindIndex(positions, p => p.Length == 3
                    && Math.Abs(p[0] - position[0]) < 0.01 && Math.Abs(p[1] - position[1]) < 0.01 && Math.Abs(p[2] - position[2]) < 0.01);
            }
            if (target < 0)
            {
                throw new InvalidOperationException($"SEG {SopInstanceUid} frame {frame.Index + 1} (segment {segmentNumber}) matches no source image by SOP Instance UID or Image Position (Patient).");
            }
            var mask = result[target] ??= new byte[Rows * Columns];
            for (int p = 0; p < mask.Length; p++)
            {
                mask[p] |= frame.Mask[p];
            }
        }
        return result;
    }
}
