namespace DicomAiNode.Configuration;

/// <summary>Disk space watermark (section <c>Disk</c>).</summary>
public sealed class DiskOptions
{
    /// <summary>Below this much free space in the data folder, C-STORE answers Out of Resources (A700).</summary>
    public long MinFreeMegabytes { get; set; } = 1024;

    /// <summary>
    /// Acknowledge an instance after one flush of the spool's write-ahead journal (<c>spool/.journal</c>, replayed at
    /// the next start) instead of flushing the file and then the folder (Linux; elsewhere always the two flushes).
    /// </summary>
    public bool Journal { get; set; } = true;
}
