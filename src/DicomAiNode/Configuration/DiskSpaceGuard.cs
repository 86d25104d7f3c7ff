using Microsoft.Extensions.Options;

namespace DicomAiNode.Configuration;

/// <summary>
/// The disk watermark (<c>Disk:MinFreeMegabytes</c>) for the data folder: below it the SCP answers Out of Resources
/// (A700) or rejects associations transiently, and <c>/health</c> reports the disk unhealthy.
/// </summary>
public sealed class DiskSpaceGuard
{
    private readonly NodeOptions _options;

    public DiskSpaceGuard(IOptions<NodeOptions> options)
    {
        _options = options.Value;
    }

    public long MinFreeMegabytes => _options.Disk.MinFreeMegabytes;

    /// <summary>Free megabytes on the data folder's volume.</summary>
    public long FreeMegabytes()
    {
        Directory.CreateDirectory(_options.DataFolderPath);
        return new DriveInfo(_options.DataFolderPath).AvailableFreeSpace / (1024 * 1024);
    }

    /// <summary>True when at least <c>Disk:MinFreeMegabytes</c> are free.</summary>
    public bool HasRoom(out long freeMegabytes)
    {
        freeMegabytes = FreeMegabytes();
        return freeMegabytes >= MinFreeMegabytes;
    }
}
