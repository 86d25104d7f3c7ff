using System.Globalization;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Objects;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>Source image headers made in memory (no pixel data: the builders need only identity and geometry).</summary>
internal static class SyntheticSeries
{
    public static EquipmentIdentity Equipment { get; } = new("DicomAiNode", "dicom-ai-node", "TEST-0001", "0.1.0");

    public static AlgorithmIdentity Algorithm { get; } = new("phantom-yoloe-seg", "test");

    public static List<DicomDataset> Create(int rows, int columns, int slices, double thickness = 2.0, string seed = "synthetic")
    {
        var study = DicomUID.FromName(seed + " study").UID;
        var series = DicomUID.FromName(seed + " series").UID;
        var frame = DicomUID.FromName(seed + " frame").UID;
        var list = new List<DicomDataset>();
        for (int k = 0; k < slices; k++)
        {
            var ds = new DicomDataset();
            ds.Add(DicomTag.SOPClassUID, DicomUID.CTImageStorage.UID);
            ds.Add(DicomTag.SOPInstanceUID, DicomUID.FromName($"{seed} image {k}").UID);
            ds.Add(DicomTag.StudyInstanceUID, study);
            ds.Add(DicomTag.SeriesInstanceUID, series);
            ds.Add(DicomTag.FrameOfReferenceUID, frame);
            ds.Add(DicomTag.Modality, "CT");
            ds.Add(DicomTag.PatientName, "Synthetic^Patient");
            ds.Add(DicomTag.PatientID, "SYN1");
            ds.Add(DicomTag.InstanceNumber, (k + 1).ToString(CultureInfo.InvariantCulture));
            ds.Add(DicomTag.Rows, (ushort)rows);
            ds.Add(DicomTag.Columns, (ushort)columns);
            ds.Add(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
            ds.Add(DicomTag.ImagePositionPatient, "-100", "-100", (-k * thickness).ToString(CultureInfo.InvariantCulture));
            ds.Add(DicomTag.PixelSpacing, "0.75", "0.75");
            ds.Add(DicomTag.SliceThickness, thickness.ToString(CultureInfo.InvariantCulture));
            list.Add(ds);
        }
        return list;
    }

    public static SegmentDescription Nodule(int number) => new()
    {
        Label = $"Nodule {number}",
        Category = new DicomCodeItem("49755003", "SCT", "Morphologically Abnormal Structure"),
        Type = new DicomCodeItem("27925004", "SCT", "Nodule"),
        AnatomicRegion = new DicomCodeItem("39607008", "SCT", "Lung"),
        TrackingId = $"Nodule {number}",
        TrackingUid = DicomUID.FromName($"tracking {number}").UID,
        Color = CieLabColor.FromRgb(255, 80, 80),
    };

    /// <summary>A filled disk of <paramref name="radius"/> pixels around (row, column).</summary>
    public static byte[] Disk(int rows, int columns, int row, int column, int radius)
    {
        var mask = new byte[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (((r - row) * (r - row)) + ((c - column) * (c - column)) <= radius * radius)
                {
                    mask[(r * columns) + c] = 1;
                }
            }
        }
        return mask;
    }
}
