using System.Diagnostics;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>Runs scripts under Debian's /usr/bin/python3 with pydicom 2.3 and numpy, the reference peer for pixel data.</summary>
internal static class PyDicomPeer
{
    public const string Python = "/usr/bin/python3";

    private const string InstallHint = "pydicom peer missing: apt-get install python3-pydicom python3-numpy";

    /// <summary>Debian's pydicom test files folder.</summary>
    public const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} not found. {InstallHint}");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("pydicom script did not finish within 120 s");
        }

        string errors = stderr.Result;
        if (errors.Contains("ModuleNotFoundError", StringComparison.Ordinal) || errors.Contains("No module named", StringComparison.Ordinal))
        {
            Assert.Fail($"{InstallHint}\n{errors}");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"pydicom script failed with exit code {process.ExitCode}:\n{errors}");
        }

        return stdout;
    }

    /// <summary>Path of one of pydicom's test files; fails with the install hint when the package is missing.</summary>
    public static string TestFile(string name)
    {
        string path = Path.Combine(TestFiles, name);
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} not found. {InstallHint}");
        }

        return path;
    }
}
