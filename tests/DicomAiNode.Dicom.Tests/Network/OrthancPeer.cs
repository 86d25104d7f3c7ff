using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>A private Orthanc (Debian package orthanc) with a JSON config in a temporary folder, random free ports, stopped after use.</summary>
internal sealed class OrthancPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private OrthancPeer(Process process, string folder, int httpPort, int dicomPort)
    {
        _process = process;
        _folder = folder;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int DicomPort { get; }

    public HttpClient Http { get; }

    /// <summary>Starts Orthanc; <paramref name="nodePort"/> becomes the DICOM modality "node" (AE NODE on 127.0.0.1).</summary>
    public static async Task<OrthancPeer> StartAsync(int nodePort)
    {
        var folder = Peer.TempFolder("orthanc");
        int http = Peer.FreePort(), dicom = Peer.FreePort();
        var config = OrthancConfiguration.Private(folder, http, dicom, "NODE", nodePort);
        var configFile = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        var process = Peer.Start("Orthanc", "orthanc", ["--logdir=" + folder, configFile]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var orthanc = new OrthancPeer(process, folder, http, dicom);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var system = await orthanc.Http.GetFromJsonAsync<JsonElement>("system");
                if (system.GetProperty("DicomAet").GetString() == "ORTHANC")
                {
                    return orthanc;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task<HashSet<string>> SopInstanceUidsAsync()
    {
        var ids = await Http.GetFromJsonAsync<string[]>("instances") ?? [];
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var tags = await Http.GetFromJsonAsync<JsonElement>($"instances/{id}/simplified-tags");
            uids.Add(tags.GetProperty("SOPInstanceUID").GetString()!);
        }
        return uids;
    }

    public async Task<string> UploadAsync(string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/dicom");
        using var response = await Http.PostAsync("instances", content);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("ParentStudy").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(); // SIGKILL is fine for a throw-away instance; wait for the exit so the folder can go
        }
        await ProcessExit.WaitAsync(_process, TimeSpan.FromSeconds(15), "killed Orthanc");
        _process.Dispose();
        Directory.Delete(_folder, true);
    }
}
