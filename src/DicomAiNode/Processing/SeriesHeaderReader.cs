using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Storage;

namespace DicomAiNode.Processing;

/// <summary>
/// Reads the headers (up to Pixel Data) of a series' spooled instances and sorts them into volumes with
/// <see cref="SeriesLayoutBuilder"/>: a mixed series is split into stacks of one geometry, each processed on its
/// own; what cannot form a volume is refused with the reason the audit log records.
/// </summary>
public static class SeriesHeaderReader
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTag.PixelData };

    public static async Task<SeriesLayout> ReadAsync(SeriesRecord series, IReadOnlyList<InstanceRecord> instances, string callingAeTitle, CancellationToken cancellationToken)
    {
        if (instances.Count == 0) throw new InvalidOperationException($"series {series.SeriesInstanceUid} has no indexed instances");
        var layout = new SeriesLayoutBuilder(series, callingAeTitle);
        foreach (var instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            layout.Add(instance, (await DicomFile.OpenAsync(instance.Path, HeaderOnly, cancellationToken)).Dataset);
        }
        return layout.Build();
    }
}
