namespace DicomAiNode.Rules;

/// <summary>
/// Reads a folder of DICOM files (headers only, stopping before Pixel Data) and groups them into series with the
/// attributes rules match on. Used by <c>rules test</c>; implemented over the DICOM toolkit's file reader.
/// </summary>
public interface ISeriesScanner
{
    Task<SeriesScan> ScanAsync(string folder, string callingAeTitle, CancellationToken cancellationToken);
}
