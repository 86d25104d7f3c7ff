using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>Reads the VOI LUT Module (PS3.3 C.11.2): VOI LUT Sequence, else Window Center/Width with VOI LUT Function.</summary>
internal static class VoiLutReader
{
    /// <summary>The <paramref name="index"/>-th VOI transformation of the data set, or null when it has none.</summary>
    public static VoiLut? Read(DicomDataset dataset, int index)
    {
        if (dataset.TryGetSequence(DicomTag.VOILUTSequence, out var sequence) && index < sequence.Items.Count)
        {
            // C.11.2.1.1: the first mapped value is signed when the modality values can be negative.
            bool signed = dataset.TryGetValue(DicomTag.PixelRepresentation, out int representation) && representation == 1;
            return VoiLut.FromLookupTable(ModalityLutReader.ReadTable(sequence.Items[index], signed, $"VOI LUT Sequence (0028,3010) item {index + 1}"));
        }

        if (dataset.TryGetValues(DicomTag.WindowCenter, out double[] centers) && dataset.TryGetValues(DicomTag.WindowWidth, out double[] widths)
            && index < centers.Length && index < widths.Length)
        {
            var function = VoiWindow.ParseFunction(dataset.TryGetString(DicomTag.VOILUTFunction, out string f) ? f : null);
            return VoiLut.FromWindow(centers[index], widths[index], function);
        }

        return null;
    }
}
