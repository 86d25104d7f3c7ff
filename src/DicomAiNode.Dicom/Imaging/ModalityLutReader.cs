using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>Reads the Modality LUT Module (PS3.3 C.11.1) and the Pixel Value Transformation functional group.</summary>
internal static class ModalityLutReader
{
    /// <summary>Modality LUT Sequence first, else Rescale Slope/Intercept, else identity.</summary>
    public static ModalityLut Read(DicomDataset dataset)
    {
        if (dataset.TryGetSequence(DicomTag.ModalityLUTSequence, out var sequence) && sequence.Items.Count > 0)
        {
            var item = sequence.Items[0];
            bool signed = dataset.TryGetValue(DicomTag.PixelRepresentation, out int representation) && representation == 1;
            string? type = item.TryGetString(DicomTag.ModalityLUTType, out string t) ? t.Trim() : null;
            return ModalityLut.FromLookupTable(ReadTable(item, signed, "Modality LUT Sequence (0028,3000)"), type);
        }

        return ReadRescale(dataset) ?? ModalityLut.Identity;
    }

    /// <summary>
    /// PS3.3 C.7.6.16.2.9: the Pixel Value Transformation Sequence of frame <paramref name="frame"/>'s Per-frame
    /// Functional Groups item, else of the Shared Functional Groups; null when neither has one.
    /// </summary>
    public static ModalityLut? ReadForFrame(DicomDataset dataset, int frame)
    {
        if (dataset.TryGetSequence(DicomTag.PerFrameFunctionalGroupsSequence, out var perFrame) && frame < perFrame.Items.Count
            && FromFunctionalGroup(perFrame.Items[frame]) is { } own)
        {
            return own;
        }

        if (dataset.TryGetSequence(DicomTag.SharedFunctionalGroupsSequence, out var shared) && shared.Items.Count > 0)
        {
            return FromFunctionalGroup(shared.Items[0]);
        }

        return null;
    }

    /// <summary>Reads the three LUT Descriptor values and LUT Data of one LUT item.</summary>
    public static LookupTable ReadTable(DicomDataset item, bool signedInput, string where)
    {
        if (!item.TryGetValues(DicomTag.LUTDescriptor, out int[] descriptor) || descriptor.Length != 3)
        {
            throw new DicomPixelDataException($"{where}: LUT Descriptor (0028,3002) is missing or does not hold 3 values");
        }

        if (item.GetItem(DicomTag.LUTData) is not DicomElement data)
        {
            throw new DicomPixelDataException($"{where}: LUT Data (0028,3006) is missing");
        }

        try
        {
            return LookupTable.FromDescriptor(descriptor, data.Buffer.Data.Span, signedInput);
        }
        catch (DicomPixelDataException e)
        {
            throw new DicomPixelDataException($"{where}: {e.Message}", e);
        }
    }

    private static ModalityLut? FromFunctionalGroup(DicomDataset group) =>
        group.TryGetSequence(DicomTag.PixelValueTransformationSequence, out var transformation) && transformation.Items.Count > 0
            ? ReadRescale(transformation.Items[0])
            : null;

    private static ModalityLut? ReadRescale(DicomDataset dataset)
    {
        bool hasSlope = dataset.TryGetValue(DicomTag.RescaleSlope, out double slope);
        bool hasIntercept = dataset.TryGetValue(DicomTag.RescaleIntercept, out double intercept);
        if (!hasSlope && !hasIntercept)
        {
            return null;
        }

        string? type = dataset.TryGetString(DicomTag.RescaleType, out string t) && t.Trim().Length > 0 ? t.Trim() : null;
        return ModalityLut.FromRescale(hasSlope ? slope : 1, hasIntercept ? intercept : 0, type);
    }
}
