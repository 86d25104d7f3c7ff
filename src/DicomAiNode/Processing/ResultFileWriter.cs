using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Processing;

/// <summary>Writes a result instance durably: temporary name, fsync, rename over any earlier version (same UID), fsync of the folder's entry by reopening.</summary>
public static class ResultFileWriter
{
    public static async Task<string> WriteAsync(DicomFile file, string folder, string sopInstanceUid, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, sopInstanceUid + ".dcm");
        string temp = Path.Combine(folder, $".{sopInstanceUid}.{Guid.NewGuid():N}.part");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.SaveAsync(stream, cancellationToken: cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return path;
    }
}
