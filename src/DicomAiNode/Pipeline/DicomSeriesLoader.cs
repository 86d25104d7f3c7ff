using System.Globalization;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Rules;

namespace DicomAiNode.Pipeline;

/// <summary>
/// Reads a folder tree of DICOM files into image series: grouped by SeriesInstanceUID, sorted by Image Position
/// (Patient) along the slice normal (PS3.3 C.7.6.2.1.1), files without pixel data (SR, SEG …) left out.
/// </summary>
public static class DicomSeriesLoader
{
    /// <summary>The image series under <paramref name="input"/> (a folder or one file) and the files that could not be read, with why.</summary>
    public static (IReadOnlyList<DicomSeries> Series, IReadOnlyList<string> Problems) Load(string input, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var groups = new Dictionary<string, List<DicomFile>>(StringComparer.Ordinal);
        var order = new List<string>();
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
            if (uid.Length == 0)
            {
                problems.Add($"{path}: no SeriesInstanceUID (0020,000E)");
                continue;
            }
            if (!groups.TryGetValue(uid, out var list))
            {
                groups[uid] = list = [];
                order.Add(uid);
            }
            list.Add(file);
        }
        return (order.Select(uid => Create(groups[uid])).ToList(), problems);
    }

    private static DicomSeries Create(List<DicomFile> files)
    {
        var sorted = Sort(files);
        // The same header-to-attributes mapping as the node's ingest and `rules test`; a file has no calling AE.
        var attributes = DicomSeriesScanner.ReadAttributes(sorted[0].Dataset, callingAeTitle: "") with { InstanceCount = sorted.Count };
        return new DicomSeries(attributes, sorted);
    }

    /// <summary>Distance along the normal of the first image's orientation; InstanceNumber breaks ties and orders images without geometry.</summary>
    public static List<DicomFile> Sort(IEnumerable<DicomFile> files)
    {
        var list = files.ToList();
        var normal = list.Select(f => f.Dataset.TryGetValues<double>(DicomTag.ImageOrientationPatient, out var o) && o.Length == 6 ? o : null)
            .FirstOrDefault(o => o is not null) is { } iop
            ? new[] { (iop[1] * iop[5]) - (iop[2] * iop[4]), (iop[2] * iop[3]) - (iop[0] * iop[5]), (iop[0] * iop[4]) - (iop[1] * iop[3]) }
            : null;
        return list
            .OrderBy(f => Location(f.Dataset, normal) is { } l ? l : double.NaN)
            .ThenBy(f => f.Dataset.GetSingleValueOrDefault(DicomTag.InstanceNumber, 0))
            .ThenBy(f => f.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The image's distance along <paramref name="normal"/> in mm, or null without Image Position (Patient).</summary>
    public static double? Location(DicomDataset dataset, double[]? normal) =>
        normal is not null && dataset.TryGetValues<double>(DicomTag.ImagePositionPatient, out var p) && p.Length == 3
            ? (p[0] * normal[0]) + (p[1] * normal[1]) + (p[2] * normal[2])
            : null;

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
