using System.Diagnostics;
using System.Text.Json;
using DicomAiNode.Cli;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

/// <summary>A phantom CT series compressed to JPEG-LS by dcmtk's dcmcjpls is analysed exactly like the uncompressed one.</summary>
public sealed class InferJpegLsTests
{
    private static async Task<(int Code, string Out, string Err)> InferAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new InferCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task CompressAsync(string input, string output)
    {
        const string tool = "/usr/bin/dcmcjpls";
        if (!File.Exists(tool)) Assert.Fail("dcmtk peer missing: apt-get install dcmtk (dcmcjpls writes the JPEG-LS series)");
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { input, output }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dcmcjpls {input} failed: {await stderr}");
    }

    private static async Task<JsonElement> FindingsAsync(string input, NodeFolder node, string name)
    {
        var output = node.Folder.File(name);
        var (code, stdout, stderr) = await InferAsync(input, "--out", output, "--config", node.SettingsPath);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("slices 24/24", stderr, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var series = Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal("chest-ct-lung", series.GetProperty("rule").GetString());
        return series.GetProperty("findings").Clone();
    }

    [Fact]
    public async Task JPEG_LS_compressed_phantom_series_gives_the_findings_of_the_uncompressed_series()
    {
        using var node = new NodeFolder();
        PhantomStudy.InstallModel(node);
        var native = await Phantom.GenerateAsync(node.Folder.File("in"), seed: 42, slices: 24, size: 256, thickness: 2.5);
        var compressed = node.Folder.File("jpeg-ls");
        Directory.CreateDirectory(compressed);
        foreach (var file in Directory.GetFiles(native, "*.dcm"))
        {
            await CompressAsync(file, Path.Combine(compressed, Path.GetFileName(file)));
        }

        Assert.All(Directory.GetFiles(compressed), f => Assert.Equal(DicomTransferSyntax.JPEGLSLossless, DicomFile.Open(f).TransferSyntax));
        var expected = await FindingsAsync(native, node, "out-native");
        var actual = await FindingsAsync(compressed, node, "out-jpeg-ls");
        Assert.True(expected.GetArrayLength() > 0, "the phantom series must have findings for the comparison to mean something");
        Assert.Equal(expected.GetRawText(), actual.GetRawText());
    }
}
