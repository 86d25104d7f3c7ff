using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Imaging;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// Reads a BINARY or FRACTIONAL DICOM Segmentation (PS3.3 A.51) written by anyone: segments with their codes, and
/// every frame's segment, source references, position and mask. Functional groups are looked up per frame, then
/// in the shared item (C.7.6.16: a macro may sit in either).
/// </summary>
public static class SegmentationReader
{
    public static Segmentation Read(DicomFile file) => Read(file.Dataset, file.TransferSyntax, file.FilePath ?? "SEG");

    /// <exception cref="DicomDataException">The data set is not a segmentation or lacks what a reader needs; the message names the tag.</exception>
    public static Segmentation Read(DicomDataset dataset, DicomTransferSyntax transferSyntax, string name = "SEG")
    {
        var sopClass = dataset.GetStringOrDefault(DicomTag.SOPClassUID);
        if (sopClass != DicomUID.SegmentationStorage.UID)
        {
            throw new DicomDataException($"{name}: SOP Class (0008,0016) is '{sopClass}', not Segmentation Storage {DicomUID.SegmentationStorage.UID}.");
        }
        var type = dataset.GetStringOrDefault(DicomTag.SegmentationType);
        if (type is not ("BINARY" or "FRACTIONAL"))
        {
            throw new DicomDataException($"{name}: Segmentation Type (0062,0001) '{type}' is not BINARY or FRACTIONAL.");
        }
        var segments = dataset.GetSequence(DicomTag.SegmentSequence).Items.Select(ReadSegment).ToList();
        int rows = dataset.GetValue<int>(DicomTag.Rows), columns = dataset.GetValue<int>(DicomTag.Columns);
        var shared = dataset.TryGetSequence(DicomTag.SharedFunctionalGroupsSequence, out var s) && s.Items.Count > 0 ? s.Items[0] : new DicomDataset();
        var perFrame = dataset.TryGetSequence(DicomTag.PerFrameFunctionalGroupsSequence, out var pf) ? pf.Items : [];
        int frameCount = dataset.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1);
        if (perFrame.Count < frameCount)
        {
            throw new DicomDataException($"{name}: Per-frame Functional Groups Sequence (5200,9230) has {perFrame.Count} items for {frameCount} frames.");
        }

        var pixels = DicomPixelData.Create(dataset, transferSyntax);
        int maximum = type == "FRACTIONAL" ? dataset.GetSingleValueOrDefault(DicomTag.MaximumFractionalValue, 255) : 1;
        var frames = new List<SegmentationFrame>(frameCount);
        var values = new byte[rows * columns];
        for (int f = 0; f < frameCount; f++)
        {
            var groups = perFrame[f];
            var identification = Macro(groups, shared, DicomTag.SegmentIdentificationSequence)
                ?? throw new DicomDataException($"{name}: frame {f + 1} has no Segment Identification Sequence (0062,000A).");
            int segment = identification.GetValue<int>(DicomTag.ReferencedSegmentNumber);
            var position = Macro(groups, shared, DicomTag.PlanePositionSequence) is { } plane && plane.TryGetValues<double>(DicomTag.ImagePositionPatient, out var ipp) ? ipp : null;
            pixels.GetFrameAs(f, values.AsSpan());
            var mask = new byte[values.Length];
            for (int p = 0; p < mask.Length; p++)
            {
                mask[p] = (byte)(values[p] * 2 >= maximum && values[p] != 0 ? 1 : 0);
            }
            frames.Add(new SegmentationFrame(f, segment, SourceReferences(groups, shared), position, mask));
        }
        var orientation = Macro(shared, shared, DicomTag.PlaneOrientationSequence) is { } o && o.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var iop) ? iop : null;
        return new Segmentation(dataset.GetStringOrDefault(DicomTag.SOPInstanceUID), dataset.GetStringOrDefault(DicomTag.SeriesInstanceUID), type, rows, columns,
            orientation, segments, frames);
    }

    private static Segment ReadSegment(DicomDataset item)
    {
        var description = new SegmentDescription
        {
            Label = item.GetStringOrDefault(DicomTag.SegmentLabel),
            Category = DicomCodeItem.FromSequence(item, DicomTag.SegmentedPropertyCategoryCodeSequence) ?? new DicomCodeItem("", "", ""),
            Type = DicomCodeItem.FromSequence(item, DicomTag.SegmentedPropertyTypeCodeSequence) ?? new DicomCodeItem("", "", ""),
            TypeModifier = item.TryGetSequence(DicomTag.SegmentedPropertyTypeCodeSequence, out var t) && t.Items.Count > 0
                ? DicomCodeItem.FromSequence(t.Items[0], DicomTag.SegmentedPropertyTypeModifierCodeSequence) : null,
            AnatomicRegion = DicomCodeItem.FromSequence(item, DicomTag.AnatomicRegionSequence),
            AlgorithmType = item.GetStringOrDefault(DicomTag.SegmentAlgorithmType),
            TrackingId = item.TryGetString(DicomTag.TrackingID, out var id) ? id : null,
            TrackingUid = item.TryGetString(DicomTag.TrackingUID, out var uid) ? uid : null,
            Color = item.TryGetValues<ushort>(DicomTag.RecommendedDisplayCIELabValue, out var lab) && lab.Length == 3 ? new CieLabColor(lab[0], lab[1], lab[2]) : null,
        };
        var algorithm = item.TryGetString(DicomTag.SegmentAlgorithmName, out var a) ? a : null;
        return new Segment(item.GetValue<int>(DicomTag.SegmentNumber), description, algorithm);
    }

    /// <summary>The first item of functional group <paramref name="tag"/>: per frame, else shared.</summary>
    private static DicomDataset? Macro(DicomDataset perFrame, DicomDataset shared, DicomTag tag) =>
        perFrame.TryGetSequence(tag, out var sq) && sq.Items.Count > 0 ? sq.Items[0]
        : shared.TryGetSequence(tag, out var ssq) && ssq.Items.Count > 0 ? ssq.Items[0]
        : null;

    private static List<string> SourceReferences(DicomDataset perFrame, DicomDataset shared)
    {
        var uids = new List<string>();
        foreach (var groups in new[] { perFrame, shared })
        {
            if (!groups.TryGetSequence(DicomTag.DerivationImageSequence, out var derivations))
            {
                continue;
            }
            foreach (var derivation in derivations.Items)
            {
                if (derivation.TryGetSequence(DicomTag.SourceImageSequence, out var sources))
                {
                    uids.AddRange(sources.Items.Select(i => i.GetStringOrDefault(DicomTag.ReferencedSOPInstanceUID)).Where(u => u.Length > 0));
                }
            }
        }
        return uids;
    }
}
