using System.Text.Json.Nodes;

using DicomAiNode.Configuration;

namespace DicomAiNode.Observability;

/// <summary>Free space in the data folder against the watermark below which C-STORE answers Out of Resources.</summary>
public sealed class DiskSpaceProbe : IHealthProbe
{
    private readonly DiskSpaceGuard _guard;

    public DiskSpaceProbe(DiskSpaceGuard guard)
    {
        _guard = guard;
    }

    public string Name => "disk";

    public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        bool ok = _guard.HasRoom(out long freeMb);
        var data = new JsonObject { ["freeMegabytes"] = freeMb, ["minFreeMegabytes"] = _guard.MinFreeMegabytes };
        return Task.FromResult(ok
            ? new ProbeResult(true, $"{freeMb} MB free", data)
            : new ProbeResult(false, $"{freeMb} MB free, below the watermark of {_guard.MinFreeMegabytes} MB (Disk.MinFreeMegabytes)", data));
    }
}
