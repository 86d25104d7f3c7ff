using System.Globalization;
using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Objects;

/// <summary>
/// The Multi-frame Functional Groups (PS3.3 C.7.6.16) and Multi-frame Dimension (C.7.6.17) modules of a SEG, with
/// the macros PS3.3 A.51.5 requires: shared Pixel Measures and Plane Orientation; per frame Derivation Image,
/// Frame Content, Plane Position and Segment Identification.
/// </summary>
internal static class SegmentationFunctionalGroups
{
    public static void Add(DicomDataset ds, SourceImageGeometry geometry, IReadOnlyList<(int Segment, int Image)> frames, string dimensionOrganizationUid)
    {
        var organization = new DicomDataset(DicomEncoding.Utf8);
        organization.Add(DicomTag.DimensionOrganizationUID, dimensionOrganizationUid);
        ds.Add(DicomTag.DimensionOrganizationSequence, organization);
        ds.Add(DicomTag.DimensionIndexSequence,
            DimensionIndex(dimensionOrganizationUid, DicomTag.ReferencedSegmentNumber, DicomTag.SegmentIdentificationSequence, "Segment Number"),
            DimensionIndex(dimensionOrganizationUid, DicomTag.ImagePositionPatient, DicomTag.PlanePositionSequence, "Image Position Patient"));

        ds.Add(DicomTag.SharedFunctionalGroupsSequence, Shared(geometry));
        ds.Add(DicomTag.PerFrameFunctionalGroupsSequence, frames.Select(f => PerFrame(geometry, f.Segment, f.Image)).ToArray());
    }

    private static DicomDataset DimensionIndex(string organizationUid, DicomTag pointer, DicomTag group, string label)
    {
        var item = new DicomDataset(DicomEncoding.Utf8);
        item.Add(DicomTag.DimensionOrganizationUID, organizationUid);
        item.Add(DicomTag.DimensionIndexPointer, pointer);
        item.Add(DicomTag.FunctionalGroupPointer, group);
        item.Add(DicomTag.DimensionDescriptionLabel, label);
        return item;
    }

    private static DicomDataset Shared(SourceImageGeometry geometry)
    {
        var first = geometry.Images[geometry.Order[0]];
        var orientation = new DicomDataset(DicomEncoding.Utf8);
        orientation.Add(DicomTag.ImageOrientationPatient, geometry.Orientation);

        var measures = new DicomDataset(DicomEncoding.Utf8);
        if (first.TryGetValues<string>(DicomTag.PixelSpacing, out var spacing) && spacing.Length == 2)
        {
            measures.Add(DicomTag.PixelSpacing, spacing);
        }
        var spacingBetween = geometry.UniformSpacing();
        if (first.TryGetString(DicomTag.SliceThickness, out var thickness) && thickness.Length > 0)
        {
            measures.Add(DicomTag.SliceThickness, thickness);
        }
        else if (spacingBetween is { } s)
        {
            measures.Add(DicomTag.SliceThickness, s);
        }
        if (spacingBetween is { } between)
        {
            measures.Add(DicomTag.SpacingBetweenSlices, Math.Round(between, 6));
        }

        var shared = new DicomDataset(DicomEncoding.Utf8);
        shared.Add(DicomTag.PlaneOrientationSequence, orientation);
        shared.Add(DicomTag.PixelMeasuresSequence, measures);
        return shared;
    }

    private static DicomDataset PerFrame(SourceImageGeometry geometry, int segment, int image)
    {
        var source = geometry.Images[image];
        var reference = SegmentationBuilder.SopReference(source);
        reference.Add(DicomTag.PurposeOfReferenceCodeSequence, DicomCodeItem.SourceImageForImageProcessingOperation.ToDataset());
        reference.Add(DicomTag.SpatialLocationsPreserved, "YES");
        var derivation = new DicomDataset(DicomEncoding.Utf8);
        derivation.Add(DicomTag.DerivationCodeSequence, DicomCodeItem.Segmentation.ToDataset());
        derivation.Add(DicomTag.SourceImageSequence, reference);

        var content = new DicomDataset(DicomEncoding.Utf8);
        content.Add(DicomTag.DimensionIndexValues, (uint)segment, (uint)geometry.PositionIndex[image]);

        var position = new DicomDataset(DicomEncoding.Utf8);
        position.Add(DicomTag.ImagePositionPatient, geometry.Positions[image]);

        var identification = new DicomDataset(DicomEncoding.Utf8);
        identification.Add(DicomTag.ReferencedSegmentNumber, (ushort)segment);

        var frame = new DicomDataset(DicomEncoding.Utf8);
        frame.Add(DicomTag.DerivationImageSequence, derivation);
        frame.Add(DicomTag.FrameContentSequence, content);
        frame.Add(DicomTag.PlanePositionSequence, position);
        frame.Add(DicomTag.SegmentIdentificationSequence, identification);
        return frame;
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
