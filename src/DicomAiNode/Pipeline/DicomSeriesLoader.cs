using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Processing;
using DicomAiNode.Storage;

namespace DicomAiNode.Pipeline;

/// <summary>
/// Reads a folder tree of DICOM files into image series: grouped by SeriesInstanceUID (files without pixel data, SR,
/// SEG …, left out), then sorted into stacks along the slice normal (PS3.3 C.7.6.2.1.1) by the node's
/// <see cref="SeriesLayoutBuilder"/>, which splits a mixed series and refuses one that cannot be stacked. A second
/// file with the same SOP Instance UID is left out (listed), as the node keeps one instance per UID.
/// </summary>
public static class DicomSeriesLoader
{
    /// <summary>The image series under <paramref name="input"/> (a folder or one file) and the files that could not be read, with why.</summary>
    public static (IReadOnlyList<SeriesFiles> Series, IReadOnlyList<string> Problems) Load(string input, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var groups = new Dictionary<string, List<DicomFile>>(StringComparer.Ordinal);
        var order = new List<string>();
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<string> paths = File.Exists(input)
            ? [input]
            : Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomFile file;
            try
            {
                file = DicomFile.Open(path);
            }
            catch (Exception e) when (e is DicomFileException or DicomDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
                continue;
            }
            var ds = file.Dataset;
            if (!ds.Contains(DicomTag.PixelData))
            {
                continue;
            }
            var uid = ds.GetStringOrDefault(DicomTag.SeriesInstanceUID);
            if (uid.Length == 0 || ds.GetStringOrDefault(DicomTag.SOPInstanceUID).Length == 0)
            {
                problems.Add($"{path}: no {(uid.Length == 0 ? "SeriesInstanceUID (0020,000E)" : "SOPInstanceUID (0008,0018)")}");
                continue;
            }
            // The node stores one instance per SOP Instance UID; a second copy in the input would be a second slice at the same position.
            if (!read.TryAdd(ds.GetString(DicomTag.SOPInstanceUID), path))
            {
                problems.Add($"{path}: SOPInstanceUID {ds.GetString(DicomTag.SOPInstanceUID)} was already read from {read[ds.GetString(DicomTag.SOPInstanceUID)]}; this copy is left out");
                continue;
            }
            if (!groups.TryGetValue(uid, out var list))
            {
                groups[uid] = list = [];
                order.Add(uid);
            }
            list.Add(file);
        }
        return (order.Select(uid => Arrange(uid, groups[uid])).ToList(), problems);
    }

    /// <summary>The node's layout of one series' files (in path order); a file has no calling AE.</summary>
    private static SeriesFiles Arrange(string seriesInstanceUid, List<DicomFile> files)
    {
        var first = files[0].Dataset;
        var series = new SeriesRecord
        {
            SeriesInstanceUid = seriesInstanceUid,
            StudyInstanceUid = first.GetStringOrDefault(DicomTag.StudyInstanceUID),
            InstanceCount = files.Count,
        };
        var layout = new SeriesLayoutBuilder(series, callingAeTitle: "");
        var byPath = new Dictionary<string, DicomFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var ds = file.Dataset;
            var path = file.FilePath!;
            byPath[path] = file;
            layout.Add(new InstanceRecord
            {
                SopInstanceUid = ds.GetString(DicomTag.SOPInstanceUID),
                SopClassUid = ds.GetStringOrDefault(DicomTag.SOPClassUID),
                StudyInstanceUid = series.StudyInstanceUid,
                SeriesInstanceUid = seriesInstanceUid,
                Path = path,
                CallingAeTitle = "",
                TransferSyntaxUid = file.TransferSyntax.UID.UID,
            }, ds);
        }
        return new SeriesFiles(layout.Build(), byPath);
    }

    /// <summary>The image's distance along <paramref name="normal"/> in mm, or null without Image Position (Patient).</summary>
    public static double? Location(DicomDataset dataset, double[]? normal) =>
        normal is not null && dataset.TryGetValues<double>(DicomTag.ImagePositionPatient, out var p) && p.Length == 3
            ? (p[0] * normal[0]) + (p[1] * normal[1]) + (p[2] * normal[2])
            : null;
}
