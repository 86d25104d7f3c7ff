namespace DicomAiNode.Configuration;

/// <summary>Disk space watermark (section <c>Disk</c>).</summary>
public sealed class DiskOptions
{
    /// <summary>Below this much free space in the data folder, C-STORE answers Out of Resources (A700).</summary>
    public long MinFreeMegabytes { get; set; } = 1024;
}
