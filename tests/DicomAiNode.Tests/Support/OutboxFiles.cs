using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Outbox;

namespace DicomAiNode.Tests.Support;

/// <summary>Result files for delivery tests.</summary>
public static class OutboxFiles
{
    /// <summary>A minimal Part 10 result: odd numbers are SR documents, even numbers segmentations (storescp stores either as sent).</summary>
    public static OutboxFile Minimal(TempFolder folder, int n)
    {
        string uid = $"2.25.{4242_0000 + n}";
        var ds = new DicomDataset();
        ds.Add(DicomTag.SOPClassUID, n % 2 == 1 ? DicomUID.ComprehensiveSRStorage.UID : DicomUID.SegmentationStorage.UID);
        ds.Add(DicomTag.SOPInstanceUID, uid);
        ds.Add(DicomTag.StudyInstanceUID, "2.25.4242");
        ds.Add(DicomTag.SeriesInstanceUID, "2.25.4243");
        ds.Add(DicomTag.Modality, n % 2 == 1 ? "SR" : "SEG");
        ds.Add(DicomTag.PatientID, "POOL");
        var path = folder.File($"results/{uid}.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
        return new OutboxFile(n, path, uid);
    }
}
