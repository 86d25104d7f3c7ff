using DicomAiNode.Audit;
using DicomAiNode.Hosting;
using DicomAiNode.Ingest;
using DicomAiNode.Storage;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DicomAiNode.Tests.Support;

/// <summary>
/// The whole node (as <c>dicom-ai-node run</c> composes it) in this process, on a <see cref="NodeFolder"/>, with a
/// free DICOM port and test overrides (e.g. a short stable age).
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private InProcessNode(NodeFolder folder, IHost host, int port)
    {
        Folder = folder;
        Host = host;
        Port = port;
    }

    public NodeFolder Folder { get; }

    public IHost Host { get; }

    public int Port { get; }

    public string AuditPath => Path.Combine(Folder.DataFolder, "audit", "audit.jsonl");

    public StudyRepository Studies => Host.Services.GetRequiredService<StudyRepository>();

    public static async Task<InProcessNode> StartAsync(NodeFolder folder, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Disk:MinFreeMegabytes"] = "16",
            ["Retention:PurgeBelowFreeMegabytes"] = "0", // whatever this machine's free space
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var builder = NodeHost.CreateBuilder(folder.SettingsPath, settings);
        builder.Services.AddNodeWorkflow();
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessNode(folder, host, host.Services.GetRequiredService<DicomListenerService>().Port);
    }

    public async Task<IReadOnlyList<AuditEvent>> AuditAsync(string? studyInstanceUid = null)
    {
        var events = new List<AuditEvent>();
        if (!File.Exists(AuditPath)) return events;
        await foreach (var record in AuditReader.QueryAsync(AuditPath, new AuditQuery { StudyInstanceUid = studyInstanceUid }, CancellationToken.None))
            events.Add(record.Event);
        return events;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes (then fails with <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{(context is null ? "" : "\n" + await context())}");
            await Task.Delay(100);
        }
    }

    /// <summary>The audit log and the application log's warnings and errors, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var e in await AuditAsync()) text.AppendLine($"audit: {e.Type} {e.Outcome} {e.StudyInstanceUid} {e.Message}");
        foreach (var log in Directory.EnumerateFiles(Path.Combine(Folder.DataFolder, "logs")))
        {
            using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            foreach (var line in (await reader.ReadToEndAsync()).Split('\n'))
                if (line.Contains("\"@l\":\"Warning\"", StringComparison.Ordinal) || line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)) text.AppendLine(line);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}
