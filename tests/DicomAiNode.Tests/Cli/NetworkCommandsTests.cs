using System.Text.RegularExpressions;
using DicomAiNode.Cli;

namespace DicomAiNode.Tests.Cli;

/// <summary>The echo, send and receive commands end to end, in process, on 127.0.0.1.</summary>
[Collection("network")]
public sealed partial class NetworkCommandsTests
{
    private const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    [Fact]
    public async Task Receive_accepts_echo_and_send_and_writes_one_file_per_instance()
    {
        Assert.True(Directory.Exists(PydicomFiles), "pydicom's test files are missing: apt-get install -y python3-pydicom");
        var output = Path.Combine(Path.GetTempPath(), "dan-cli-" + Guid.NewGuid().ToString("N"));
        var commands = CommandLine.Discover();
        using var stop = new CancellationTokenSource();
        var receiveOut = new StringWriter();
        var receive = commands.RunAsync(["receive", "--port", "0", "--out", output, "--aet", "RECEIVER"], TextWriter.Synchronized(receiveOut), TextWriter.Null, stop.Token);
        int port = 0;
        for (int i = 0; i < 100 && port == 0; i++)
        {
            await Task.Delay(50);
            var m = ListeningPort().Match(receiveOut.ToString());
            port = m.Success ? int.Parse(m.Groups[1].Value) : 0;
        }
        Assert.True(port > 0, $"receive did not report its port: {receiveOut}");

        var echoOut = new StringWriter();
        Assert.Equal(0, await commands.RunAsync(["echo", $"RECEIVER@127.0.0.1:{port}", "--aet", "TESTER"], echoOut, TextWriter.Null, CancellationToken.None));
        Assert.Contains("0000H (Success)", echoOut.ToString(), StringComparison.Ordinal);

        var wrongAe = new StringWriter();
        Assert.Equal(1, await commands.RunAsync(["echo", "127.0.0.1", port.ToString(), "--aec", "SOMEONE"], TextWriter.Null, wrongAe, CancellationToken.None));
        Assert.Contains("reason 7", wrongAe.ToString(), StringComparison.Ordinal);

        var sendOut = new StringWriter();
        var files = new[] { "CT_small.dcm", "MR_small_implicit.dcm", "ExplVR_BigEnd.dcm" }.Select(f => Path.Combine(PydicomFiles, f)).ToArray();
        Assert.Equal(0, await commands.RunAsync(["send", $"RECEIVER@127.0.0.1:{port}", .. files], sendOut, TextWriter.Null, CancellationToken.None));
        Assert.Contains("sent 3/3 instances", sendOut.ToString(), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await receive.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(3, Directory.GetFiles(output, "*.dcm").Length);
        Directory.Delete(output, true);
    }

    [Fact]
    public async Task Send_reports_a_peer_that_does_not_listen()
    {
        var error = new StringWriter();
        var code = await CommandLine.Discover().RunAsync(["send", "NOBODY@127.0.0.1:1", Path.Combine(PydicomFiles, "CT_small.dcm")], TextWriter.Null, error, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("NOBODY@127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"listening on [^:]+:(\d+)")]
    private static partial Regex ListeningPort();
}
