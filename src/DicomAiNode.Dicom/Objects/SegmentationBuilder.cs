using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// Builds a binary DICOM Segmentation (PS3.3 A.51, SOP Class 1.2.840.10008.5.1.4.1.1.66.4) over a series of
/// single-frame source images: one frame per (segment, source image) where the segment is present, ordered by
/// segment and then by position along the slice normal; frames are packed 1 bit per pixel as one continuous bit
/// stream (PS3.5 8.1.1).
/// </summary>
public sealed class SegmentationBuilder
{
    private readonly SourceImageGeometry _geometry;
    private readonly EquipmentIdentity _equipment;
    private readonly AlgorithmIdentity _algorithm;
    private readonly List<(SegmentDescription Description, IReadOnlyList<byte[]?> Masks)> _segments = [];

    /// <param name="sourceImages">The source series, single-frame images of one size and orientation, any order.</param>
    /// <param name="equipment">The creating device (Enhanced General Equipment).</param>
    /// <param name="algorithm">The segmentation algorithm (name, version, family).</param>
    public SegmentationBuilder(IReadOnlyList<DicomDataset> sourceImages, EquipmentIdentity equipment, AlgorithmIdentity algorithm)
    {
        _geometry = SourceImageGeometry.Read(sourceImages);
        _equipment = equipment;
        _algorithm = algorithm;
    }

    /// <summary>(0020,000E) of the SEG; see <see cref="DerivedUids"/> for deterministic values.</summary>
    public string SeriesInstanceUid { get; set; } = DicomUID.Generate().UID;

    public string SopInstanceUid { get; set; } = DicomUID.Generate().UID;

    /// <summary>(0020,0011), Type 1 in the Segmentation Series module.</summary>
    public int SeriesNumber { get; set; } = 9001;

    public int InstanceNumber { get; set; } = 1;

    public string SeriesDescription { get; set; } = "AI segmentation";

    /// <summary>(0070,0080), VR CS: upper case letters, digits, space and underscore.</summary>
    public string ContentLabel { get; set; } = "AI_SEG";

    public string ContentDescription { get; set; } = "";

    /// <summary>Content Date/Time of the object.</summary>
    public DateTimeOffset ContentDateTime { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Writes a frame for every (segment, source image), not only where the segment is present.</summary>
    public bool IncludeEmptyFrames { get; set; }

    /// <summary>Number of source images; every mask list has this many entries.</summary>
    public int SourceImageCount => _geometry.Images.Length;

    /// <summary>
    /// Adds a segment. <paramref name="masks"/> holds one entry per source image in the order given to the constructor:
    /// null when the segment is absent there, else Rows × Columns bytes, row-major, non-zero = inside.
    /// Returns the segment number (1, 2, … in order of addition: PS3.3 C.8.20.2.1 wants them from 1 by 1).
    /// </summary>
    public int AddSegment(SegmentDescription description, IReadOnlyList<byte[]?> masks)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (masks.Count != _geometry.Images.Length)
        {
            throw new ArgumentException($"segment '{description.Label}' has {masks.Count} masks for {_geometry.Images.Length} source images", nameof(masks));
        }
        int pixels = _geometry.Rows * _geometry.Columns;
        for (int i = 0; i < masks.Count; i++)
        {
            if (masks[i] is { } m && m.Length != pixels)
            {
                throw new ArgumentException($"segment '{description.Label}', mask {i}: {m.Length} bytes, {_geometry.Rows}×{_geometry.Columns} needs {pixels}", nameof(masks));
            }
        }
        if ((description.TrackingId is null) != (description.TrackingUid is null))
        {
            throw new ArgumentException($"segment '{description.Label}': Tracking ID and Tracking UID go together (PS3.3 C.8.20.2)", nameof(description));
        }
        _segments.Add((description, masks));
        return _segments.Count;
    }

    /// <summary>The SEG as a Part 10 file (Explicit VR Little Endian).</summary>
    public DicomFile BuildFile() => new(Build(), DicomTransferSyntax.ExplicitVRLittleEndian);

    /// <summary>The SEG data set.</summary>
    public DicomDataset Build()
    {
        if (_segments.Count == 0)
        {
            throw new InvalidOperationException("A segmentation needs at least one segment.");
        }
        var first = _geometry.Images[_geometry.Order[0]];
        var ds = CommonModules.Create(first, DicomUID.SegmentationStorage.UID, SopInstanceUid, _equipment);
        var frames = PlanFrames();

        // General Series + Segmentation Series (C.7.3.1, C.8.20.1)
        ds.Add(DicomTag.Modality, "SEG");
        ds.Add(DicomTag.SeriesInstanceUID, SeriesInstanceUid);
        ds.Add(DicomTag.SeriesNumber, SeriesNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.SeriesDescription, SeriesDescription);
        ds.Add(DicomTag.SeriesDate, ContentDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.SeriesTime, ContentDateTime.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));

        // Frame of Reference (C.7.4.1): required because the sources have patient geometry.
        CommonModules.Copy(first, ds, DicomTag.FrameOfReferenceUID);
        if (!CommonModules.Copy(first, ds, DicomTag.PositionReferenceIndicator))
        {
            ds.Add(DicomTag.PositionReferenceIndicator, Array.Empty<string>());
        }
        CommonModules.Copy(first, ds, DicomTag.BodyPartExamined);

        // General Image + Segmentation Image (C.7.6.1, C.8.20.2)
        ds.Add(DicomTag.ImageType, "DERIVED", "PRIMARY");
        ds.Add(DicomTag.InstanceNumber, InstanceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.ContentLabel, ContentLabel);
        ds.Add(DicomTag.ContentDescription, ContentDescription);
        ds.Add(DicomTag.ContentCreatorName, Array.Empty<string>());
        ds.Add(DicomTag.ContentDate, ContentDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.ContentTime, ContentDateTime.ToString("HHmmss.ffffff", System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.InstanceCreationDate, ContentDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.InstanceCreationTime, ContentDateTime.ToString("HHmmss.ffffff", System.Globalization.CultureInfo.InvariantCulture));
        ds.Add(DicomTag.LossyImageCompression, "00");
        ds.Add(DicomTag.SegmentationType, "BINARY");
        ds.Add(DicomTag.SegmentsOverlap, SegmentsOverlap() ? "YES" : "NO");
        ds.Add(DicomTag.SegmentSequence, _segments.Select((s, i) => SegmentItem(s.Description, i + 1)).ToArray());

        // Image Pixel (C.7.6.3) with the BINARY rules of C.8.20.2: 1/1/0, MONOCHROME2.
        ds.Add(DicomTag.SamplesPerPixel, (ushort)1);
        ds.Add(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.Add(DicomTag.Rows, (ushort)_geometry.Rows);
        ds.Add(DicomTag.Columns, (ushort)_geometry.Columns);
        ds.Add(DicomTag.BitsAllocated, (ushort)1);
        ds.Add(DicomTag.BitsStored, (ushort)1);
        ds.Add(DicomTag.HighBit, (ushort)0);
        ds.Add(DicomTag.PixelRepresentation, (ushort)0);
        ds.Add(DicomTag.NumberOfFrames, frames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        SegmentationFunctionalGroups.Add(ds, _geometry, frames, DerivedUids.DimensionOrganization(SopInstanceUid));
        ds.Add(DicomTag.ReferencedSeriesSequence, ReferencedSeries());
        ds.Add(DicomTag.PixelData, DicomVR.OB, PackFrames(frames));
        return ds;
    }

    /// <summary>(segment number, source image index) of every frame: by segment, then by position along the normal.</summary>
    private List<(int Segment, int Image)> PlanFrames()
    {
        var frames = new List<(int, int)>();
        for (int s = 0; s < _segments.Count; s++)
        {
            var masks = _segments[s].Masks;
            int before = frames.Count;
            foreach (var image in _geometry.Order)
            {
                if (IncludeEmptyFrames || (masks[image] is { } m && m.AsSpan().IndexOfAnyExcept((byte)0) >= 0))
                {
                    frames.Add((s + 1, image));
                }
            }
            if (frames.Count == before)
            {
                // An empty segment keeps one (empty) frame, so that every segment is referenced by a frame.
                frames.Add((s + 1, _geometry.Order[0]));
            }
        }
        return frames;
    }

    /// <summary>PS3.5 8.1.1: the first pixel in the least significant bit; frames follow each other without padding; the value is padded to even length.</summary>
    private byte[] PackFrames(List<(int Segment, int Image)> frames)
    {
        int pixels = _geometry.Rows * _geometry.Columns;
        long bits = (long)pixels * frames.Count;
        long length = (bits + 7) / 8;
        length += length & 1;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{frames.Count} frames of {pixels} pixels exceed the largest pixel data value this writer can hold.");
        }
        var packed = new byte[length];
        long bit = 0;
        foreach (var (segment, image) in frames)
        {
            var mask = _segments[segment - 1].Masks[image];
            if (mask is not null)
            {
                for (int p = 0; p < pixels; p++)
                {
                    if (mask[p] != 0)
                    {
                        long b = bit + p;
                        packed[b >> 3] |= (byte)(1 << (int)(b & 7));
                    }
                }
            }
            bit += pixels;
        }
        return packed;
    }

    private bool SegmentsOverlap()
    {
        if (_segments.Count < 2)
        {
            return false;
        }
        for (int image = 0; image < _geometry.Images.Length; image++)
        {
            byte[]? union = null;
            foreach (var (_, masks) in _segments)
            {
                if (masks[image] is not { } m)
                {
                    continue;
                }
                if (union is null)
                {
                    union = (byte[])m.Clone();
                    continue;
                }
                for (int p = 0; p < m.Length; p++)
                {
                    if (m[p] != 0 && union[p] != 0)
                    {
                        return true;
                    }
                    union[p] |= m[p];
                }
            }
        }
        return false;
    }

    private DicomDataset SegmentItem(SegmentDescription d, int number)
    {
        var item = new DicomDataset(DicomEncoding.Utf8);
        item.Add(DicomTag.SegmentNumber, (ushort)number);
        item.Add(DicomTag.SegmentLabel, d.Label);
        item.Add(DicomTag.SegmentedPropertyCategoryCodeSequence, d.Category.ToDataset());
        var type = d.Type.ToDataset();
        if (d.TypeModifier is { } modifier)
        {
            type.Add(DicomTag.SegmentedPropertyTypeModifierCodeSequence, modifier.ToDataset());
        }
        item.Add(DicomTag.SegmentedPropertyTypeCodeSequence, type);
        if (d.AnatomicRegion is { } region)
        {
            item.Add(DicomTag.AnatomicRegionSequence, region.ToDataset());
        }
        item.Add(DicomTag.SegmentAlgorithmType, d.AlgorithmType);
        if (d.AlgorithmType != "MANUAL")
        {
            // C.8.20.2: the algorithm name is required unless MANUAL, and must then be absent.
            item.Add(DicomTag.SegmentAlgorithmName, _algorithm.Name);
            var algorithm = new DicomDataset(DicomEncoding.Utf8);
            algorithm.Add(DicomTag.AlgorithmFamilyCodeSequence, _algorithm.FamilyCode.ToDataset());
            algorithm.Add(DicomTag.AlgorithmName, _algorithm.Name);
            algorithm.Add(DicomTag.AlgorithmVersion, _algorithm.Version);
            item.Add(DicomTag.SegmentationAlgorithmIdentificationSequence, algorithm);
        }
        if (d.TrackingId is { } id && d.TrackingUid is { } uid)
        {
            item.Add(DicomTag.TrackingID, id);
            item.Add(DicomTag.TrackingUID, uid);
        }
        if (d.Color is { } color)
        {
            item.Add(DicomTag.RecommendedDisplayCIELabValue, color.ToArray());
        }
        return item;
    }

    /// <summary>Common Instance Reference (C.12.2): every source image, grouped by series.</summary>
    private DicomDataset[] ReferencedSeries() =>
        _geometry.Order.Select(i => _geometry.Images[i])
            .GroupBy(image => image.GetString(DicomTag.SeriesInstanceUID))
            .Select(series =>
            {
                var item = new DicomDataset(DicomEncoding.Utf8);
                item.Add(DicomTag.SeriesInstanceUID, series.Key);
                item.Add(DicomTag.ReferencedInstanceSequence, series.Select(SopReference).ToArray());
                return item;
            })
            .ToArray();

    internal static DicomDataset SopReference(DicomDataset image)
    {
        var item = new DicomDataset(DicomEncoding.Utf8);
        item.Add(DicomTag.ReferencedSOPClassUID, image.GetString(DicomTag.SOPClassUID));
        item.Add(DicomTag.ReferencedSOPInstanceUID, image.GetString(DicomTag.SOPInstanceUID));
        return item;
    }
}
