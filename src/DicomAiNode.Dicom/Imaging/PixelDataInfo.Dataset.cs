using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Imaging;

/// <summary>Reading and writing the Image Pixel Module attributes of a data set.</summary>
public sealed partial record PixelDataInfo
{
    /// <summary>
    /// Reads the Image Pixel Module (PS3.3 C.7.6.3) and Number of Frames from <paramref name="dataset"/>.
    /// Rows, Columns and Bits Allocated are required; the others default as the standard implies (Samples per Pixel 1,
    /// Bits Stored = Bits Allocated, High Bit = Bits Stored - 1, Pixel Representation 0, Planar Configuration 0,
    /// MONOCHROME2 for one sample, RGB for three, one frame).
    /// </summary>
    /// <exception cref="DicomPixelDataException">A required attribute is missing or the attributes contradict each other.</exception>
    public static PixelDataInfo FromDataset(DicomDataset dataset)
    {
        int rows = Required(dataset, DicomTag.Rows, "Rows (0028,0010)");
        int columns = Required(dataset, DicomTag.Columns, "Columns (0028,0011)");
        int bitsAllocated = Required(dataset, DicomTag.BitsAllocated, "Bits Allocated (0028,0100)");
        int samples = Optional(dataset, DicomTag.SamplesPerPixel, 1);
        int bitsStored = Optional(dataset, DicomTag.BitsStored, bitsAllocated);
        int highBit = Optional(dataset, DicomTag.HighBit, bitsStored - 1);
        int representation = Optional(dataset, DicomTag.PixelRepresentation, 0);
        int planar = samples > 1 ? Optional(dataset, DicomTag.PlanarConfiguration, 0) : 0;
        string photometric = dataset.GetStringOrDefault(
            DicomTag.PhotometricInterpretation,
            samples == 1 ? PhotometricInterpretations.Monochrome2 : PhotometricInterpretations.Rgb).Trim();
        int frames = 1;
        if (dataset.TryGetString(DicomTag.NumberOfFrames, out string text) && text.Trim().Length > 0)
        {
            if (!int.TryParse(text.Trim(), out frames))
            {
                throw new DicomPixelDataException($"Number of Frames (0028,0008) = '{text}' is not an integer string");
            }
        }

        return new PixelDataInfo(rows, columns, samples, bitsAllocated, bitsStored, highBit, representation, planar, photometric, frames)
            .Validate();
    }

    /// <summary>Writes these attributes into <paramref name="dataset"/> (Planar Configuration only for colour).</summary>
    public void WriteTo(DicomDataset dataset)
    {
        dataset.AddOrUpdate(DicomTag.Rows, (ushort)Rows);
        dataset.AddOrUpdate(DicomTag.Columns, (ushort)Columns);
        dataset.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)SamplesPerPixel);
        dataset.AddOrUpdate(DicomTag.BitsAllocated, (ushort)BitsAllocated);
        dataset.AddOrUpdate(DicomTag.BitsStored, (ushort)BitsStored);
        dataset.AddOrUpdate(DicomTag.HighBit, (ushort)HighBit);
        dataset.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)PixelRepresentation);
        dataset.AddOrUpdate(DicomTag.PhotometricInterpretation, PhotometricInterpretation);
        if (SamplesPerPixel > 1)
        {
            // PS3.3 C.7.6.3.1.3: present only when Samples per Pixel > 1.
            dataset.AddOrUpdate(DicomTag.PlanarConfiguration, (ushort)PlanarConfiguration);
        }
        else
        {
            dataset.Remove(DicomTag.PlanarConfiguration);
        }

        if (NumberOfFrames > 1 || dataset.Contains(DicomTag.NumberOfFrames))
        {
            dataset.AddOrUpdate(DicomTag.NumberOfFrames, NumberOfFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static int Required(DicomDataset dataset, DicomTag tag, string name) =>
        dataset.TryGetValue(tag, out int value)
            ? value
            : throw new DicomPixelDataException($"{name} is missing or empty: the pixel data cannot be interpreted");

    private static int Optional(DicomDataset dataset, DicomTag tag, int defaultValue) =>
        dataset.TryGetValue(tag, out int value) ? value : defaultValue;
}
