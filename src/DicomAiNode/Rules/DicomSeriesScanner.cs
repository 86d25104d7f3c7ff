using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Rules;

/// <summary>
/// Finds the series in a folder tree by reading each file's header (up to Pixel Data) with the DICOM toolkit, and
/// takes the matched attributes from the first instance of each series (in file name order).
/// </summary>
public sealed class DicomSeriesScanner : ISeriesScanner
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    public Task<SeriesScan> ScanAsync(string folder, string callingAeTitle, CancellationToken cancellationToken)
    {
        var unreadable = new List<string>();
        var series = new Dictionary<string, (SeriesAttributes First, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomDataset dataset;
            try
            {
                dataset = DicomFile.Open(path, HeaderOnly).Dataset;
            }
            catch (Exception e) when (e is DicomFileException or DicomDataException or IOException or UnauthorizedAccessException)
            {
                // The toolkit's messages name the file already.
                unreadable.Add(e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
                continue;
            }
            var seriesUid = dataset.GetStringOrDefault(DicomTag.SeriesInstanceUID);
            if (seriesUid.Length == 0)
            {
                unreadable.Add($"{Path.GetRelativePath(folder, path)}: no SeriesInstanceUID (0020,000E)");
                continue;
            }
            if (series.TryGetValue(seriesUid, out var known))
            {
                series[seriesUid] = (known.First, known.Count + 1);
                continue;
            }
            order.Add(seriesUid);
            series[seriesUid] = (ReadAttributes(dataset, callingAeTitle) with { SeriesInstanceUid = seriesUid }, 1);
        }
        var result = order.Select(uid => series[uid].First with { InstanceCount = series[uid].Count }).ToList();
        return Task.FromResult(new SeriesScan(result, unreadable));
    }

    /// <summary>
    /// The attributes rules match on, from one instance's header (the node's ingest path and <c>rules test</c> share
    /// this, so a rule sees the same values in both). InstanceCount is left to the caller.
    /// </summary>
    internal static SeriesAttributes ReadAttributes(DicomDataset d, string callingAeTitle) => new()
    {
        StudyInstanceUid = d.GetStringOrDefault(DicomTag.StudyInstanceUID),
        SeriesInstanceUid = d.GetStringOrDefault(DicomTag.SeriesInstanceUID),
        Modality = d.GetStringOrDefault(DicomTag.Modality),
        BodyPartExamined = d.GetStringOrDefault(DicomTag.BodyPartExamined),
        StudyDescription = d.GetStringOrDefault(DicomTag.StudyDescription),
        SeriesDescription = d.GetStringOrDefault(DicomTag.SeriesDescription),
        ProtocolName = d.GetStringOrDefault(DicomTag.ProtocolName),
        ImageType = d.TryGetValues<string>(DicomTag.ImageType, out var imageType) ? imageType : [],
        SliceThickness = d.TryGetValue<double>(DicomTag.SliceThickness, out var thickness) ? thickness : null,
        CallingAeTitle = callingAeTitle,
    };
}
