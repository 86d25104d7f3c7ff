using System.Diagnostics;

namespace DicomAiNode.Tests.Support;

/// <summary>dcmtk's compressors (dcmcjpeg, dcmcjpls), the real peer that writes compressed series for the tests.</summary>
public static class DcmtkCodec
{
    /// <summary>Runs <c>/usr/bin/TOOL [options] input output</c>; fails the test when dcmtk is missing or the tool fails.</summary>
    public static async Task CompressAsync(string tool, string input, string output, params string[] options)
    {
        string path = "/usr/bin/" + tool;
        if (!File.Exists(path)) Assert.Fail($"dcmtk peer missing: {path} not found. apt-get install dcmtk");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in options.Append(input).Append(output)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', options)} {input} failed: {stdout}{await stderr}");
    }
}
