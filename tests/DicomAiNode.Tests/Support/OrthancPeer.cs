using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using DicomAiNode.Dicom.Tests.Network;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>
/// A private Orthanc (Debian package orthanc) on random free loopback ports with a JSON config in a temp folder,
/// with the node as DICOM modality "node". Can be stopped and started again on the same storage and ports.
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/Orthanc";
    private readonly TempFolder _folder;
    private readonly string _configFile;
    private Process? _process;

    private OrthancPeer(TempFolder folder, string configFile, int httpPort, int dicomPort)
    {
        _folder = folder;
        _configFile = configFile;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(120) };
    }

    public int HttpPort { get; }

    public int DicomPort { get; }

    public HttpClient Http { get; }

    /// <param name="nodeAeTitle">The node's AE title.</param>
    /// <param name="nodePort">The node's DICOM port.</param>
    public static async Task<OrthancPeer> StartAsync(string nodeAeTitle, int nodePort)
    {
        if (!File.Exists(Executable)) Assert.Fail($"{Executable} is missing: apt-get install orthanc");
        var folder = new TempFolder();
        int http = FreePort.Next(), dicom = FreePort.Next();
        var config = OrthancConfiguration.Private(folder.Path, http, dicom, nodeAeTitle, nodePort);
        var configFile = folder.Write("orthanc.json", config.ToJsonString());
        var orthanc = new OrthancPeer(folder, configFile, http, dicom);
        await orthanc.StartAgainAsync();
        return orthanc;
    }

    /// <summary>Starts the (stopped) Orthanc on the same storage and ports.</summary>
    public async Task StartAgainAsync()
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--logdir=" + _folder.Path);
        psi.ArgumentList.Add(_configFile);
        psi.Environment["TCP_NODELAY"] = "1";
        _process = Process.Start(psi)!;
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var system = await Http.GetFromJsonAsync<JsonElement>("system");
                if (system.GetProperty("DicomAet").GetString() == "ORTHANC") return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Stops Orthanc (SIGTERM) and waits until it has exited and released its database.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await ProcessExit.WaitAsync(kill, TimeSpan.FromSeconds(15), "kill -TERM");
        }
        await ProcessExit.WaitAsync(_process, TimeSpan.FromSeconds(30), "Orthanc after SIGTERM");
        _process.Dispose();
        _process = null;
    }

    /// <summary>Uploads files by REST; returns the Orthanc ID of their study.</summary>
    public async Task<string> UploadAsync(IEnumerable<string> files)
    {
        string? study = null;
        foreach (var file in files)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/dicom");
            using var response = await Http.PostAsync(new Uri("instances", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            study = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ParentStudy").GetString();
        }
        return study ?? throw new ArgumentException("no files", nameof(files));
    }

    /// <summary>C-STORE of an Orthanc resource to modality "node" (synchronous); returns the REST answer.</summary>
    public async Task<JsonElement> StoreToNodeAsync(string resourceId)
    {
        using var content = new StringContent(resourceId);
        using var response = await Http.PostAsync(new Uri("modalities/node/store", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Orthanc store to node: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>(Orthanc instance ID, Modality, SOPInstanceUID) of every instance of the study with this StudyInstanceUID.</summary>
    public async Task<IReadOnlyList<(string Id, string Modality, string SopInstanceUid)>> InstancesOfStudyAsync(string studyInstanceUid)
    {
        var result = new List<(string, string, string)>();
        var studies = await Http.GetFromJsonAsync<string[]>("studies") ?? [];
        foreach (var study in studies)
        {
            var tags = await Http.GetFromJsonAsync<JsonElement>($"studies/{study}");
            if (tags.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString() != studyInstanceUid) continue;
            foreach (var series in tags.GetProperty("Series").EnumerateArray())
            {
                var s = await Http.GetFromJsonAsync<JsonElement>($"series/{series.GetString()}");
                string modality = s.GetProperty("MainDicomTags").TryGetProperty("Modality", out var m) ? m.GetString() ?? "" : "";
                foreach (var instance in s.GetProperty("Instances").EnumerateArray())
                {
                    var i = await Http.GetFromJsonAsync<JsonElement>($"instances/{instance.GetString()}");
                    result.Add((instance.GetString()!, modality, i.GetProperty("MainDicomTags").GetProperty("SOPInstanceUID").GetString()!));
                }
            }
        }
        return result;
    }

    public async Task<string> DownloadAsync(string instanceId, string path)
    {
        await File.WriteAllBytesAsync(path, await Http.GetByteArrayAsync(new Uri($"instances/{instanceId}/file", UriKind.Relative)));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await ProcessExit.WaitAsync(_process, TimeSpan.FromSeconds(15), "killed Orthanc");
        }
        _process?.Dispose();
        _folder.Dispose();
    }
}
