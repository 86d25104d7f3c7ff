using System.Diagnostics;

namespace DicomAiNode.Tests.Support;

/// <summary>dicom3tools' dciodvfy as the IOD checker of written objects (it reports on stderr; "Error - " lines are errors).</summary>
public static class Dciodvfy
{
    public static IReadOnlyList<string> Errors(string path)
    {
        const string Tool = "/usr/bin/dciodvfy";
        if (!File.Exists(Tool)) Assert.Fail("dciodvfy is not installed: apt-get install dicom3tools");
        var psi = new ProcessStartInfo(Tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(path);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (stdout.Result + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
    }

    public static void AssertNoErrors(string path)
    {
        var errors = Errors(path);
        Assert.True(errors.Count == 0, $"dciodvfy {path}:\n{string.Join('\n', errors)}");
    }
}
