using System.Text.Json;
using DicomAiNode.Cli;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

public sealed class InferCommandTests
{
    [Fact]
    public async Task Ad_hoc_model_writes_a_valid_seg_sr_preview_and_summary()
    {
        using var node = new NodeFolder();
        var input = await Phantom.GenerateAsync(node.Folder.File("in"), seed: 8, slices: 12, size: 64);
        var output = node.Folder.File("out");
        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--model", InferCli.FixtureModel, "--classes", "lung nodule", "--config", node.SettingsPath);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("slices 12/12", stderr, StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var series = Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray());
        var findings = series.GetProperty("findings").EnumerateArray().ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("lung nodule", f.GetProperty("className").GetString()));
        var segPath = series.GetProperty("segmentation").GetString()!;
        var srPath = series.GetProperty("report").GetString()!;
        Dciodvfy.AssertNoErrors(segPath);
        Dciodvfy.AssertNoErrors(srPath);
        var png = File.ReadAllBytes(series.GetProperty("preview").GetString()!);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        // The SEG holds one segment per finding, over the source series, in the source study.
        var seg = SegmentationReader.Read(DicomFile.Open(segPath));
        Assert.Equal(findings.Count, seg.Segments.Count);
        var segDataset = DicomFile.Open(segPath).Dataset;
        var source = DicomFile.Open(Directory.GetFiles(input, "*.dcm")[0]).Dataset;
        Assert.Equal(source.GetString(DicomTag.StudyInstanceUID), segDataset.GetString(DicomTag.StudyInstanceUID));
        Assert.Equal(source.GetString(DicomTag.SeriesInstanceUID),
            segDataset.GetSequence(DicomTag.ReferencedSeriesSequence).Items[0].GetString(DicomTag.SeriesInstanceUID));
        Assert.Equal(findings.Select(f => f.GetProperty("trackingUid").GetString()), seg.Segments.Select(s => s.Description.TrackingUid));
    }

    [Fact]
    public async Task Chest_ct_folder_needs_no_flags_with_the_shipped_rule_and_model()
    {
        var model = RepositoryPaths.File("models/phantom-yoloe-seg.onnx");
        Assert.True(File.Exists(model), $"{model} is missing: it is the shipped model (scripts/train_phantom_model.py trains it)");
        using var node = new NodeFolder();
        File.Copy(model, node.Folder.File("models/phantom-yoloe-seg.onnx"), overwrite: true);
        var input = await Phantom.GenerateAsync(node.Folder.File("in"), seed: 42, slices: 24, size: 256, thickness: 2.5);
        var output = node.Folder.File("out");
        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--config", node.SettingsPath);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("rule 'chest-ct-lung'", stderr, StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var series = Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal("chest-ct-lung", series.GetProperty("rule").GetString());
        Assert.Equal("phantom-yoloe-seg", series.GetProperty("model").GetProperty("name").GetString());
        var findings = series.GetProperty("findings").GetArrayLength();
        Dciodvfy.AssertNoErrors(series.GetProperty("report").GetString()!);
        if (findings > 0)
        {
            var segPath = series.GetProperty("segmentation").GetString()!;
            Dciodvfy.AssertNoErrors(segPath);
            Assert.Equal(findings, SegmentationReader.Read(DicomFile.Open(segPath)).Segments.Count);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, series.GetProperty("segmentation").ValueKind);
        }
    }

    [Fact]
    public async Task A_rerun_derives_the_same_uids_so_results_replace_each_other()
    {
        using var node = new NodeFolder();
        var input = await Phantom.GenerateAsync(node.Folder.File("in"), seed: 9, slices: 10, size: 64);
        var uids = new List<(string, string)>();
        foreach (var run in new[] { "a", "b" })
        {
            var output = node.Folder.File(run);
            var (code, _, stderr) = await InferCli.RunAsync(input, "--out", output, "--model", InferCli.FixtureModel, "--config", node.SettingsPath);
            Assert.True(code == 0, stderr);
            var folder = Directory.GetDirectories(output).Single();
            uids.Add((DicomFile.Open(Path.Combine(folder, "seg.dcm")).Dataset.GetString(DicomTag.SOPInstanceUID),
                DicomFile.Open(Path.Combine(folder, "sr.dcm")).Dataset.GetString(DicomTag.SOPInstanceUID)));
        }
        Assert.Equal(uids[0], uids[1]);
        Assert.NotEqual(uids[0].Item1, uids[0].Item2);
    }

    [Fact]
    public async Task Nothing_found_gives_a_report_that_says_so_and_no_segmentation()
    {
        using var node = new NodeFolder();
        var input = await Phantom.GenerateAsync(node.Folder.File("in"), seed: 10, slices: 10, size: 64);
        var output = node.Folder.File("out");
        // The fixture's best score is 0.9: above that nothing is found.
        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--model", InferCli.FixtureModel, "--confidence", "0.95", "--config", node.SettingsPath);
        Assert.True(code == 0, stderr);
        Assert.Contains(": 0 finding(s)", stdout, StringComparison.Ordinal);
        var folder = Directory.GetDirectories(output).Single();
        Assert.False(File.Exists(Path.Combine(folder, "seg.dcm")));
        var sr = Path.Combine(folder, "sr.dcm");
        Dciodvfy.AssertNoErrors(sr);
        var content = DicomFile.Open(sr).Dataset.GetSequence(DicomTag.ContentSequence).Items;
        Assert.Contains(content, i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Meaning == "Qualitative Evaluations");
    }

    [Fact]
    public async Task Series_no_rule_matches_are_skipped_with_the_reasons()
    {
        using var node = new NodeFolder();
        var input = node.Folder.File("in");
        Directory.CreateDirectory(input);
        File.Copy("/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm", Path.Combine(input, "MR_small.dcm"));
        var (code, _, stderr) = await InferCli.RunAsync(input, "--out", node.Folder.File("out"), "--config", node.SettingsPath);
        Assert.Equal(1, code);
        Assert.Contains("no rule matches", stderr, StringComparison.Ordinal);
        Assert.Contains("Modality 'MR' does not match", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("in")]
    [InlineData("in --out")]
    [InlineData("in --out o --rule x --model m")]
    [InlineData("in --out o --classes a")]
    [InlineData("in --out o --confidence 2")]
    public async Task Usage_errors_exit_with_code_2(string args)
    {
        var (code, _, stderr) = await InferCli.RunAsync(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains("dicom-ai-node infer:", stderr, StringComparison.Ordinal);
    }
}
