using System.Diagnostics;

namespace DicomAiNode.Dicom.Tests.Imaging;

/// <summary>The real JPEG-LS peer: Debian dcmtk's <c>dcmcjpls</c> (encoder) and <c>dcmdjpls</c> (decoder).</summary>
internal static class DcmtkJpegLs
{
    /// <summary>Encodes <paramref name="input"/> to <paramref name="output"/> with dcmcjpls and the given options.</summary>
    public static void Encode(string input, string output, params string[] options) => Run("dcmcjpls", [.. options, input, output]);

    /// <summary>Decodes <paramref name="input"/> to Explicit VR Little Endian with dcmdjpls.</summary>
    public static void Decode(string input, string output) => Run("dcmdjpls", ["+te", input, output]);

    private static void Run(string name, string[] arguments)
    {
        string tool = "/usr/bin/" + name;
        if (!File.Exists(tool))
        {
            Assert.Fail($"dcmtk peer missing: apt-get install dcmtk ({name} is the JPEG-LS reference peer)");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail($"{name} did not finish in 60 s");
        }

        Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', arguments)} failed: {errors.Result}{output}");
    }
}
