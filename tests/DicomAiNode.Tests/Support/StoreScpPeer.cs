using System.Diagnostics;
using System.Text;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>dcmtk's storescp (verbose, so that its output shows every association) on a loopback port, writing into a folder.</summary>
public sealed class StoreScpPeer : IAsyncDisposable
{
    private const string Program = "/usr/bin/storescp";
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private Process? _process;

    private readonly string[] _extraArguments;

    private StoreScpPeer(int port, string folder, string[] extraArguments)
    {
        Port = port;
        Folder = folder;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>Everything storescp wrote so far, over all its starts.</summary>
    public string Output
    {
        get
        {
            lock (_gate) return _output.ToString();
        }
    }

    /// <summary>Associations storescp accepted so far (its "Association Received" lines).</summary>
    public int AssociationsReceived => Count("Association Received");

    public int Count(string text)
    {
        var output = Output;
        int count = 0;
        for (int at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <param name="folder">Where storescp writes what it receives.</param>
    /// <param name="extraArguments">More storescp options, e.g. <c>+tls KEY CERT +cf TRUSTED</c>.</param>
    public static async Task<StoreScpPeer> StartAsync(string folder, params string[] extraArguments)
    {
        if (!File.Exists(Program)) Assert.Fail($"{Program} is missing: apt-get install dcmtk");
        Directory.CreateDirectory(folder);
        var peer = new StoreScpPeer(FreePort.Next(), folder, extraArguments);
        await peer.RestartAsync();
        return peer;
    }

    /// <summary>Starts storescp (again) on the same port; waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var psi = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "-aet", "STORESCP", "-od", Folder }.Concat(_extraArguments).Append(Port.ToString(System.Globalization.CultureInfo.InvariantCulture))) psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Output.Contains("listening", StringComparison.OrdinalIgnoreCase) && !ListensOnPort())
        {
            if (process.HasExited) Assert.Fail($"storescp exited ({process.ExitCode}): {Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"storescp did not listen on {Port} within 10 s: {Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Kills storescp: its open associations end without A-RELEASE.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await ProcessExit.WaitAsync(p, TimeSpan.FromSeconds(15), "killed storescp");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    /// <summary>True when a socket listens on the port (read from /proc, so that no probe connection shows up as a peer).</summary>
    private bool ListensOnPort()
    {
        string hex = $":{Port:X4} ";
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && (fields[1] + " ").EndsWith(hex, StringComparison.Ordinal) && fields[3] == "0A") return true;
            }
        }
        return false;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }
}
