using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DicomAiNode.Dicom.Tests.Network;

/// <summary>Runs real DICOM peers (dcmtk, Orthanc, Debian's python3 with pydicom); a missing peer fails the test with the install command.</summary>
internal static class Peer
{
    public static string Require(string tool, string package)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/sbin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }
        Assert.Fail($"'{tool}' is not installed: run 'apt-get install -y {package}' (or scripts/install-peers.sh).");
        return "";
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs a peer to completion (with TCP_NODELAY=1, as dcmtk needs to avoid Nagle stalls) and returns its exit code and output.</summary>
    public static async Task<Result> RunAsync(string tool, string package, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var process = Start(tool, package, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s: {await stdout}{await stderr}");
        }
        return new Result(process.ExitCode, await stdout + await stderr);
    }

    public static Process Start(string tool, string package, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Require(tool, package))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["TCP_NODELAY"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool}");
    }

    /// <summary>
    /// Compares two DICOM files' data sets with pydicom (element values and decoded pixels, so a peer's conversion between
    /// transfer syntaxes counts as equal; dataset trailing padding, which storescu drops, is ignored); returns "" when equal, else pydicom's list of differences.
    /// </summary>
    public static async Task<string> CompareDataSetsAsync(string expected, string actual)
    {
        const string script = """
            import sys, pydicom
            a = pydicom.dcmread(sys.argv[1]); b = pydicom.dcmread(sys.argv[2])
            for ds in (a, b):
                if (0xFFFC, 0xFFFC) in ds: del ds[0xFFFC, 0xFFFC]
            def same(t):
                if t not in a or t not in b: return False
                if t == 0x7FE00010: return a[t].value == b[t].value or bool((a.pixel_array == b.pixel_array).all())
                return a[t].value == b[t].value
            # group lengths (gggg,0000) are recomputed by a peer that converts the transfer syntax
            diff = [str(t) for t in sorted(set(a.keys()) | set(b.keys())) if t.element != 0 and not same(t)]
            print(";".join(diff))
            """;
        var result = await RunAsync("python3", "python3-pydicom", ["-c", script, expected, actual]);
        Assert.True(result.ExitCode == 0, $"pydicom could not compare {expected} and {actual}: {result.Output}");
        return result.Output.Trim();
    }

    public static string TempFolder(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "dan-net-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>Writes N synthetic 512×512 CT files with scripts/bench/make-ct-series.py (Debian's python3 + pydicom).</summary>
    public static async Task<string> MakeCtSeriesAsync(int count)
    {
        var dir = TempFolder("ct");
        var script = Path.Combine(RepositoryRoot(), "scripts", "bench", "make-ct-series.py");
        var result = await RunAsync("python3", "python3-pydicom python3-numpy", [script, dir, count.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, result.Output);
        return dir;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DicomAiNode.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
