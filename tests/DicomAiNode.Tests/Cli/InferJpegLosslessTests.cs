using System.Diagnostics;
using System.Text.Json;
using DicomAiNode.Cli;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

/// <summary>
/// A CT series as PACS archives often hold it, JPEG Lossless compressed by dcmtk's dcmcjpeg, is analysed exactly like the
/// uncompressed series: the decoded slices are the same, so the shipped model finds the same things.
/// </summary>
public sealed class InferJpegLosslessTests
{
    private static void Dcmcjpeg(string input, string output, params string[] options)
    {
        const string tool = "/usr/bin/dcmcjpeg";
        if (!File.Exists(tool))
        {
            Assert.Fail($"dcmtk peer missing: {tool} not found. apt-get install dcmtk");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in options.Append(input).Append(output))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "dcmcjpeg did not finish in 60 s");
        Assert.True(process.ExitCode == 0, $"dcmcjpeg {string.Join(' ', options)} {input} failed: {stdout}{stderr.Result}");
    }

    private static async Task<JsonElement> InferAsync(string input, string output, NodeFolder node)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await new InferCommand().RunAsync([input, "--out", output, "--config", node.SettingsPath], stdout, stderr, CancellationToken.None);
        Assert.True(code == 0, $"{stderr}{stdout}");
        Assert.Contains("slices 24/24", stderr.ToString(), StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        return Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray()).Clone();
    }

    [Fact]
    public async Task JPEG_Lossless_compressed_phantom_series_gives_the_same_findings_as_the_uncompressed_series()
    {
        using var node = new NodeFolder();
        PhantomStudy.InstallModel(node);
        var study = await PhantomStudy.GenerateAsync(node.Folder.File("in"), seed: 42, slices: 24, size: 256, thickness: 2.5);
        string compressed = node.Folder.File("in-jpeg");
        Directory.CreateDirectory(compressed);
        for (int i = 0; i < study.Files.Count; i++)
        {
            // Half the slices as SV1 (.70, what most archives hold), half with selection value 6 (.57).
            string target = Path.Combine(compressed, Path.GetFileName(study.Files[i]));
            Dcmcjpeg(study.Files[i], target, i % 2 == 0 ? ["+e1"] : ["+el", "+sv", "6"]);
            var syntax = DicomFile.Open(target, new DicomReadOptions { StopAtTag = Dicom.Data.DicomTag.PixelData }).TransferSyntax;
            Assert.Equal(i % 2 == 0 ? DicomTransferSyntax.JPEGLosslessSV1 : DicomTransferSyntax.JPEGLossless, syntax);
        }

        var native = await InferAsync(Path.GetDirectoryName(study.Files[0])!, node.Folder.File("out-native"), node);
        var jpeg = await InferAsync(compressed, node.Folder.File("out-jpeg"), node);

        var findings = native.GetProperty("findings");
        Assert.True(findings.GetArrayLength() > 0, "the phantom series must give findings for the comparison to mean anything");
        Assert.Equal(findings.GetRawText(), jpeg.GetProperty("findings").GetRawText());
        Assert.Equal(native.GetProperty("rule").GetString(), jpeg.GetProperty("rule").GetString());
    }
}
