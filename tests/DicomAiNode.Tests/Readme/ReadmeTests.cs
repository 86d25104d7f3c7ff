using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DicomAiNode.Tests.Support;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Readme;

/// <summary>
/// Follows README.md literally in a fresh clone of the repository: its run command starts the node on the built-in
/// defaults (127.0.0.1:11112) and the node answers dcmtk's echoscu; its demo (<c>scripts/demo.sh</c>) gets a SEG and
/// an SR back. The commands are read from the README, so the test breaks when the README and the code drift apart.
/// Takes about 3–4 minutes on a 2-core machine (one Release build of the node in the clone, the demo's inference).
/// Runs on the fixed default ports: scripts/test.sh puts the tests in a loopback-only network namespace.
/// </summary>
[Collection("network")]
[Trait("Category", "Slow")]
public sealed partial class ReadmeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan DemoTimeout = TimeSpan.FromMinutes(7);

    [Fact]
    public void README_has_the_two_commands_and_the_demo_command()
    {
        var readme = File.ReadAllText(RepositoryPaths.File("README.md"));
        var two = FencedBlocks(Section(readme, "The two commands"));
        Assert.Equal(2, two.Count);
        Assert.Equal("dotnet run --project src/DicomAiNode -c Release -- run", two[0]);
        Assert.Equal("scripts/test.sh", two[1]);
        Assert.Equal("scripts/demo.sh", FencedBlocks(Section(readme, "Five-minute demo"))[0]);
        foreach (var script in new[] { "scripts/test.sh", "scripts/demo.sh", "scripts/install-peers.sh" })
        {
            Assert.True(File.Exists(RepositoryPaths.File(script)), $"README names {script}, which does not exist");
        }
    }

    [Fact]
    public async Task Fresh_clone_run_command_answers_echoscu_and_demo_returns_SEG_and_SR()
    {
        var readme = File.ReadAllText(RepositoryPaths.File("README.md"));
        string runCommand = FencedBlocks(Section(readme, "The two commands"))[0];
        string demoCommand = FencedBlocks(Section(readme, "Five-minute demo"))[0];
        RequireTool("git", "apt-get install git");
        RequireTool("echoscu", "apt-get install dcmtk (or scripts/install-peers.sh)");
        RequireTool("storescu", "apt-get install dcmtk (or scripts/install-peers.sh)");
        RequirePortFree(11112, "the node's default DICOM port");
        RequirePortFree(11180, "the node's default HTTP port (/health, /metrics)");

        using var temp = new TempFolder();
        string clone = Path.Combine(temp.Path, "DicomAiNode");
        var cloned = await RunAsync("git", ["clone", "--quiet", RepositoryPaths.Root, clone], temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(cloned.ExitCode == 0, $"git clone {RepositoryPaths.Root} failed: {cloned.Output}");
        // Test data and references live beside the repository (../shared); the clone sees the same folder.
        var shared = SharedFolder();
        if (shared is not null) Directory.CreateSymbolicLink(Path.Combine(temp.Path, "shared"), shared);

        // 1. The run command, as the user types it, in the clone.
        var words = runCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var node = Start(words[0], words[1..], clone);
        var nodeOutput = new StringBuilder();
        Capture(node, nodeOutput);
        try
        {
            var deadline = Stopwatch.StartNew();
            (int ExitCode, string Output) echo = (-1, "not tried");
            while (deadline.Elapsed < StartTimeout && !node.HasExited)
            {
                echo = await RunAsync("echoscu", ["-aet", "STORESCU", "-aec", "AINODE", "127.0.0.1", "11112"], clone, TimeSpan.FromSeconds(30));
                if (echo.ExitCode == 0) break;
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            Assert.False(node.HasExited, $"'{runCommand}' exited ({(node.HasExited ? node.ExitCode : 0)}): {Tail(nodeOutput)}");
            Assert.True(echo.ExitCode == 0,
                $"echoscu -aet STORESCU -aec AINODE 127.0.0.1 11112 got no answer within {StartTimeout}: {echo.Output}\nnode: {Tail(nodeOutput)}");
        }
        finally
        {
            await StopAsync(node);
        }
        Assert.True(node.ExitCode == 0, $"the node did not stop cleanly on SIGTERM ({node.ExitCode}): {Tail(nodeOutput)}");
        Assert.Contains("C-STORE SCP AINODE listening on 127.0.0.1:11112", nodeOutput.ToString(), StringComparison.Ordinal);

        // 2. The demo, as the user types it (it builds incrementally on the build the run command made).
        var demo = await RunAsync(Path.Combine(clone, demoCommand), [], clone, DemoTimeout);
        Assert.True(demo.ExitCode == 0, $"{demoCommand} failed ({demo.ExitCode}):\n{Tail(demo.Output, 6000)}");
        Assert.Matches(SegReceived(), demo.Output);
        Assert.Matches(SrReceived(), demo.Output);
        Assert.Contains("demo: OK", demo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(clone, "artifacts/demo/seg.dcm")), "the demo did not leave artifacts/demo/seg.dcm");
        Assert.True(File.Exists(Path.Combine(clone, "artifacts/demo/sr.dcm")), "the demo did not leave artifacts/demo/sr.dcm");
        Assert.True(new FileInfo(Path.Combine(clone, "artifacts/demo/preview.png")).Length > 100, "the demo left no preview PNG");
    }

    /// <summary>The text of the level-2 section titled <paramref name="title"/>, up to the next level-2 heading.</summary>
    private static string Section(string markdown, string title)
    {
        var m = Regex.Match(markdown, $@"^## {Regex.Escape(title)}\s*$(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"README.md has no section '## {title}'");
        return m.Groups[1].Value;
    }

    /// <summary>The one-line contents of the fenced code blocks of a markdown text, in order.</summary>
    private static List<string> FencedBlocks(string markdown) =>
        FencedBlock().Matches(markdown).Select(m => m.Groups[1].Value.Trim()).ToList();

    private static string? SharedFolder()
    {
        foreach (var candidate in new[] { Path.Combine(RepositoryPaths.Root, "..", "shared"), Path.Combine(RepositoryPaths.Root, "..", "..", "shared") })
        {
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static void RequireTool(string tool, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
        Assert.True(found, $"{tool} is not installed: {install}");
    }

    private static void RequirePortFree(int port, string what)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e)
        {
            Assert.Fail($"127.0.0.1:{port} ({what}) is in use ({e.SocketErrorCode}): the README test runs the node on its defaults; "
                        + "stop whatever listens there or run the tests with scripts/test.sh (a network namespace of their own)");
        }
    }

    private static Process Start(string file, IEnumerable<string> args, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild worker nodes or build server outliving the test (they would keep running after it).
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["UseSharedCompilation"] = "false";
        return Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static void Capture(Process process, StringBuilder output)
    {
        void Append(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        using var process = Start(file, args, workingDirectory);
        var output = new StringBuilder();
        Capture(process, output);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process);
            return (-1, $"timed out after {timeout}:\n{Tail(output, 6000)}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>SIGTERM (the node's graceful shutdown; dotnet run and demo.sh pass it on), then SIGKILL of the tree.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await ProcessExit.WaitAsync(kill, TimeSpan.FromSeconds(15), "kill -TERM");
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await ProcessExit.WaitAsync(process, TimeSpan.FromSeconds(15), "the killed process tree");
        }
    }

    private static string Tail(StringBuilder output, int chars = 3000)
    {
        lock (output) return Tail(output.ToString(), chars);
    }

    private static string Tail(string text, int chars = 3000) => text.Length <= chars ? text : "…" + text[^chars..];

    [GeneratedRegex(@"^```[a-z]*\n(.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"SEG received: \S+\.dcm")]
    private static partial Regex SegReceived();

    [GeneratedRegex(@"SR received: \S+\.dcm")]
    private static partial Regex SrReceived();
}
