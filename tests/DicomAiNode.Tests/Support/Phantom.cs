using System.Diagnostics;
using DicomAiNode.Dicom.Tests;

namespace DicomAiNode.Tests.Support;

/// <summary>Generates a synthetic chest CT with the project's phantom generator (Debian python3 with numpy and pydicom).</summary>
public static class Phantom
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Writes one study of <paramref name="slices"/> slices into <paramref name="outFolder"/>/phantom-SEED and returns that folder.</summary>
    public static async Task<string> GenerateAsync(string outFolder, int seed = 3, int slices = 12, int size = 64, double thickness = 2)
    {
        if (!File.Exists(Python))
            Assert.Fail($"{Python} is missing: apt-get install python3 python3-numpy python3-pydicom");
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in new[] { RepositoryPaths.File("scripts/phantom/generate_phantom.py"), "--out", outFolder, "--seed", seed.ToString(), "--studies", "1",
                     "--slices", slices.ToString(), "--size", size.ToString(), "--thickness", thickness.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await ProcessExit.WaitAsync(process, TimeSpan.FromSeconds(300), "the phantom generator");
        if (process.ExitCode != 0)
            Assert.Fail($"phantom generator failed ({process.ExitCode}); it needs python3-numpy and python3-pydicom (apt-get install python3-numpy python3-pydicom): {await stderr}");
        return Path.Combine(outFolder, $"phantom-{seed}");
    }
}
