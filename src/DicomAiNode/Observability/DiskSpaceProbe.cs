using System.Text.Json.Nodes;

using DicomAiNode.Configuration;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Observability;

/// <summary>Free space in the data folder against the watermark below which C-STORE answers Out of Resources.</summary>
public sealed class DiskSpaceProbe : IHealthProbe
{
    private readonly NodeOptions _options;

    public DiskSpaceProbe(IOptions<NodeOptions> options)
    {
        _options = options.Value;
    }

    public string Name => "disk";

    /// <summary>Free bytes on the volume of the data folder.</summary>
    public static long FreeBytes(string folder)
    {
        Directory.CreateDirectory(folder);
        return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
    }

    public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        long freeMb = FreeBytes(_options.DataFolderPath) / (1024 * 1024);
        long minMb = _options.Disk.MinFreeMegabytes;
        var data = new JsonObject { ["freeMegabytes"] = freeMb, ["minFreeMegabytes"] = minMb };
        return Task.FromResult(freeMb >= minMb
            ? new ProbeResult(true, $"{freeMb} MB free", data)
            : new ProbeResult(false, $"{freeMb} MB free, below the watermark of {minMb} MB (Disk.MinFreeMegabytes)", data));
    }
}
