using System.Diagnostics;

namespace DicomAiNode.Vision.Tests.Phantom;

/// <summary>Runs Debian's /usr/bin/python3 (the interpreter with numpy, pydicom, scipy, torch) on the project's scripts.</summary>
internal static class DebianPython
{
    public const string Executable = "/usr/bin/python3";

    /// <summary>Exit code, standard output and standard error of one run (single-threaded BLAS; killed after 5 minutes).</summary>
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] arguments)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{Executable} did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, stdout, "timed out after 5 minutes\n" + stderr.Result);
        }

        return (p.ExitCode, stdout, stderr.Result);
    }
}
