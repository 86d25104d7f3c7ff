using System.Diagnostics;
using System.Net.Sockets;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>
/// <c>dotnet dicom-ai-node.dll run --config FILE</c> as a child process with settings from environment variables
/// (<c>DICOMAINODE_Section__Key</c>), so that a test can kill it with SIGKILL and start it again on the same data folder.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the node and waits until its SCP accepts TCP connections on <paramref name="dicomPort"/>.</summary>
    public static async Task<NodeProcess> StartAsync(NodeFolder folder, int dicomPort, IReadOnlyDictionary<string, string?> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dicom-ai-node.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.Folder.Path };
        foreach (var a in new[] { dll, "run", "--config", folder.SettingsPath }) psi.ArgumentList.Add(a);
        foreach (var (key, value) in settings) psi.Environment["DICOMAINODE_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var node = new NodeProcess(Process.Start(psi)!);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (node._process.HasExited) Assert.Fail($"dicom-ai-node exited with {node._process.ExitCode}:\n{node.Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", dicomPort);
                return node;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await ProcessExit.WaitAsync(_process, TimeSpan.FromSeconds(15), "killed node");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
