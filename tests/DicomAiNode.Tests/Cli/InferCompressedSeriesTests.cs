using System.Text.Json;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

/// <summary>
/// A CT series as PACS archives often hold it, compressed by dcmtk (JPEG Lossless, JPEG-LS) or OpenJPEG (JPEG 2000
/// lossless), is analysed exactly like the uncompressed series: the decoded slices are the same, so the shipped model
/// finds the same things.
/// </summary>
public sealed class InferCompressedSeriesTests
{
    private static async Task<JsonElement> FindingsAsync(string input, NodeFolder node, string name)
    {
        var output = node.Folder.File(name);
        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--config", node.SettingsPath);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("slices 24/24", stderr, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var series = Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal("chest-ct-lung", series.GetProperty("rule").GetString());
        return series.GetProperty("findings").Clone();
    }

    private static string Compress(IReadOnlyList<string> files, string folder, Func<int, (string Tool, string[] Options, DicomTransferSyntax Expected)> codec)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < files.Count; i++)
        {
            var (tool, options, expected) = codec(i);
            string target = Path.Combine(folder, Path.GetFileName(files[i]));
            DcmtkCodec.Compress(tool, files[i], target, options);
            Assert.Equal(expected, DicomFile.Open(target, new DicomReadOptions { StopAtTag = DicomTag.PixelData }).TransferSyntax);
        }
        return folder;
    }

    [Fact]
    public async Task JPEG_Lossless_JPEG_LS_and_JPEG_2000_compressed_phantom_series_give_the_findings_of_the_uncompressed_series()
    {
        using var node = new NodeFolder();
        PhantomStudy.InstallModel(node);
        var study = await PhantomStudy.GenerateAsync(node.Folder.File("in"), seed: 42, slices: 24, size: 256, thickness: 2.5);
        var expected = await FindingsAsync(Path.GetDirectoryName(study.Files[0])!, node, "out-native");
        Assert.True(expected.GetArrayLength() > 0, "the phantom series must have findings for the comparison to mean something");

        // Half the slices as SV1 (.70, what most archives hold), half with selection value 6 (.57).
        var jpeg = Compress(study.Files, node.Folder.File("in-jpeg"), i => i % 2 == 0
            ? ("dcmcjpeg", ["+e1"], DicomTransferSyntax.JPEGLosslessSV1)
            : ("dcmcjpeg", ["+el", "+sv", "6"], DicomTransferSyntax.JPEGLossless));
        var jpegLs = Compress(study.Files, node.Folder.File("in-jpeg-ls"), _ => ("dcmcjpls", [], DicomTransferSyntax.JPEGLSLossless));

        var j2k = node.Folder.File("in-j2k");
        OpenJpegSeries.Compress(Path.GetDirectoryName(study.Files[0])!, j2k, DicomTransferSyntax.JPEG2000Lossless.UID.UID, "-n", "5");
        Assert.All(Directory.GetFiles(j2k, "*.dcm"), f => Assert.Equal(DicomTransferSyntax.JPEG2000Lossless, DicomFile.Open(f, new DicomReadOptions { StopAtTag = DicomTag.PixelData }).TransferSyntax));

        Assert.Equal(expected.GetRawText(), (await FindingsAsync(jpeg, node, "out-jpeg")).GetRawText());
        Assert.Equal(expected.GetRawText(), (await FindingsAsync(jpegLs, node, "out-jpeg-ls")).GetRawText());
        Assert.Equal(expected.GetRawText(), (await FindingsAsync(j2k, node, "out-j2k")).GetRawText());
    }
}
