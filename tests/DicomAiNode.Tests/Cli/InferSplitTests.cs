using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DicomAiNode.Audit;
using DicomAiNode.Cli;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Cli;

/// <summary><c>infer</c> on series that do not form one volume: split into stacks or refused, as the node does.</summary>
public sealed class InferSplitTests
{
    [Fact]
    public async Task A_series_of_two_orientations_is_inferred_per_stack_into_its_own_folder()
    {
        using var node = new NodeFolder();
        var study = await PhantomStudy.GenerateAsync(node.Folder.File("phantom"), seed: 20, slices: 16, size: 64, thickness: 2);
        var input = node.Folder.File("in");
        Directory.CreateDirectory(input);
        // Half the images as a coronal stack (positions along its normal, +y) under the same SeriesInstanceUID.
        var stacks = new[] { new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal) };
        for (int i = 0; i < study.Files.Count; i++)
        {
            var file = DicomFile.Open(study.Files[i]);
            int stack = i < 8 ? 0 : 1;
            if (stack == 1)
            {
                var ipp = file.Dataset.GetValues<double>(DicomTag.ImagePositionPatient);
                file.Dataset.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "0", "-1");
                file.Dataset.AddOrUpdate(DicomTag.ImagePositionPatient, Ds(ipp[0]), Ds(2.0 * (i - 8)), Ds(ipp[2]));
            }
            stacks[stack].Add(file.Dataset.GetString(DicomTag.SOPInstanceUID));
            file.Save(Path.Combine(input, $"{(char)('a' + stack)}-{i:00}.dcm"));
        }
        var output = node.Folder.File("out");

        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--model", InferCli.FixtureModel, "--classes", "lung nodule", "--config", node.SettingsPath);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains($"series {study.SeriesInstanceUid} (CT", stderr, StringComparison.Ordinal);
        Assert.Contains("split into 2 stacks: mixed orientation", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, study.SeriesInstanceUid)));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var entries = summary.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var resultUids = new List<string>();
        for (int n = 0; n < 2; n++)
        {
            var entry = entries[n];
            var split = entry.GetProperty("stack");
            Assert.Equal(n + 1, split.GetProperty("number").GetInt32());
            Assert.Equal(2, split.GetProperty("of").GetInt32());
            Assert.StartsWith($"stack {n + 1} of 2: 8 images 64x64", split.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("mixed orientation", split.GetProperty("splitReason").GetString(), StringComparison.Ordinal);
            Assert.Equal(8, entry.GetProperty("slices").GetInt32());
            var folder = Path.Combine(output, $"{study.SeriesInstanceUid}-{n + 1}");
            var segPath = entry.GetProperty("segmentation").GetString()!;
            var srPath = entry.GetProperty("report").GetString()!;
            Assert.Equal(Path.Combine(folder, "seg.dcm"), segPath);
            Assert.Equal(Path.Combine(folder, "sr.dcm"), srPath);
            Dciodvfy.AssertNoErrors(segPath);
            Dciodvfy.AssertNoErrors(srPath);

            // Exactly this stack's images: the SEG's source instances and its plane orientation, the SR's evidence (and its SEG).
            var seg = DicomFile.Open(segPath).Dataset;
            var sr = DicomFile.Open(srPath).Dataset;
            Assert.Equal(stacks[n].Order(StringComparer.Ordinal), ReferencedInstances(seg).Order(StringComparer.Ordinal));
            var segUid = seg.GetString(DicomTag.SOPInstanceUID);
            Assert.Equal(stacks[n].Append(segUid).Order(StringComparer.Ordinal), ReferencedInstances(sr).Order(StringComparer.Ordinal));
            var orientation = seg.GetSequence(DicomTag.SharedFunctionalGroupsSequence).Items[0].GetSequence(DicomTag.PlaneOrientationSequence).Items[0]
                .GetValues<double>(DicomTag.ImageOrientationPatient);
            Assert.Equal(n == 0 ? new double[] { 1, 0, 0, 0, 1, 0 } : new double[] { 1, 0, 0, 0, 0, -1 }, orientation);
            resultUids.Add(segUid);
            resultUids.Add(sr.GetString(DicomTag.SOPInstanceUID));
        }
        Assert.Equal(4, resultUids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains($"{study.SeriesInstanceUid} stack 2 of 2: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_that_cannot_be_stacked_are_refused_with_the_nodes_reason_and_the_others_run()
    {
        using var node = new NodeFolder();
        var input = node.Folder.File("in");
        // A: one image claims two frames. B: a copy of an image under a new SOP Instance UID, at the same position.
        var multiFrame = await PhantomStudy.GenerateAsync(node.Folder.File("a"), seed: 21, slices: 6, size: 64, thickness: 2);
        var odd = DicomFile.Open(multiFrame.Files[2]);
        odd.Dataset.AddOrUpdate(DicomTag.NumberOfFrames, "2");
        var shared = await PhantomStudy.GenerateAsync(node.Folder.File("b"), seed: 22, slices: 6, size: 64, thickness: 2);
        var twin = DicomFile.Open(shared.Files[3]);
        twin.Dataset.AddOrUpdate(DicomTag.SOPInstanceUID, "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture));
        var good = await PhantomStudy.GenerateAsync(node.Folder.File("c"), seed: 23, slices: 6, size: 64, thickness: 2);
        var onlyRefused = node.Folder.File("refused-only");
        foreach (var (files, folder) in new[] { (multiFrame.Files.Where((_, i) => i != 2), input), (shared.Files, input), (good.Files, input), (multiFrame.Files.Where((_, i) => i != 2), onlyRefused) })
        {
            Directory.CreateDirectory(folder);
            foreach (var f in files) File.Copy(f, Path.Combine(folder, Path.GetFileName(Path.GetDirectoryName(f)) + "-" + Path.GetFileName(f)));
        }
        odd.Save(Path.Combine(input, "two-frames.dcm"));
        odd.Save(Path.Combine(onlyRefused, "two-frames.dcm"));
        twin.Save(Path.Combine(input, "twin.dcm"));
        // A second copy of one file (same SOP Instance UID) is left out, not refused as a shared position.
        Directory.CreateDirectory(Path.Combine(input, "zz-copy"));
        File.Copy(good.Files[0], Path.Combine(input, "zz-copy", "again.dcm"));
        var output = node.Folder.File("out");

        var (code, stdout, stderr) = await InferCli.RunAsync(input, "--out", output, "--model", InferCli.FixtureModel, "--config", node.SettingsPath);

        Assert.True(code == 0, stderr + stdout); // the stackable series ran: refusals are not failures
        Assert.Contains($"refused series {multiFrame.SeriesInstanceUid} (CT", stderr, StringComparison.Ordinal);
        Assert.Contains("is multi-frame: only single-frame image series are processed", stderr, StringComparison.Ordinal);
        Assert.Contains($"refused series {shared.SeriesInstanceUid} (CT", stderr, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var ran = Assert.Single(summary.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal(good.SeriesInstanceUid, ran.GetProperty("seriesInstanceUid").GetString());
        Assert.Equal(JsonValueKind.Null, ran.GetProperty("stack").ValueKind);
        Assert.True(File.Exists(Path.Combine(output, good.SeriesInstanceUid, "sr.dcm")));
        var refused = summary.RootElement.GetProperty("refused").EnumerateArray()
            .ToDictionary(r => r.GetProperty("seriesInstanceUid").GetString()!, r => r.GetProperty("reason").GetString()!, StringComparer.Ordinal);
        Assert.Equal(2, refused.Count);
        Assert.Equal($"instance {odd.Dataset.GetString(DicomTag.SOPInstanceUID)} is multi-frame: only single-frame image series are processed", refused[multiFrame.SeriesInstanceUid]);
        Assert.Contains("share the position", refused[shared.SeriesInstanceUid], StringComparison.Ordinal);
        Assert.Contains(twin.Dataset.GetString(DicomTag.SOPInstanceUID), refused[shared.SeriesInstanceUid], StringComparison.Ordinal);
        Assert.Contains(summary.RootElement.GetProperty("skipped").EnumerateArray(), s => s.GetString()!.Contains("refused: instances", StringComparison.Ordinal));
        Assert.Contains(summary.RootElement.GetProperty("skipped").EnumerateArray(), s => s.GetString()!.Contains("again.dcm: SOPInstanceUID", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(output, multiFrame.SeriesInstanceUid)));
        Assert.False(Directory.Exists(Path.Combine(output, shared.SeriesInstanceUid)));

        // Nothing but a refused series: nothing ran, exit code 1.
        var (onlyCode, _, onlyErr) = await InferCli.RunAsync(onlyRefused, "--out", node.Folder.File("out2"), "--model", InferCli.FixtureModel, "--config", node.SettingsPath);
        Assert.Equal(1, onlyCode);
        Assert.Contains("multi-frame", onlyErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_gives_each_stack_of_a_split_series_the_result_uids_the_node_gives_it()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 24, slices: 20, size: 64, thickness: 2);
        var files = study.WithMixedPixelSpacing(input); // two reconstructions of different pixel spacing under one series UID
        var mixed = input.File("mixed");
        Directory.CreateDirectory(mixed);
        foreach (var f in files) File.Copy(f, Path.Combine(mixed, Path.GetFileName(f)));
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        List<string> fromNode;
        // 3 s of quiet before processing: on a loaded machine a shorter wait may process the series before its last
        // instances arrived (then re-run it); the union of all results produced is compared either way.
        await using (var node = await InProcessNode.StartAsync(folder, new Dictionary<string, string?> { ["StableAgeSeconds"] = "3" }))
        {
            var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = node.Port, CallingAETitle = "STORESCU", CalledAETitle = "AINODE" });
            Assert.All(await client.StoreFilesAsync(files), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));
            async Task<List<string>> Produced() => (await node.AuditAsync(study.StudyInstanceUid)).Where(e => e.Type == AuditEventTypes.ResultsProduced)
                .SelectMany(e => e.Details!["sopInstanceUids"]!.AsArray().Select(u => (string)u!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            await InProcessNode.WaitUntilAsync(async () => (await node.Studies.GetStudyAsync(study.StudyInstanceUid, CancellationToken.None))?.State == StudyState.Done
                    && (await node.AuditAsync(study.StudyInstanceUid)).Count(e => e.Type == AuditEventTypes.Inference && (int)e.Details!["slices"]! == 10) >= 2,
                TimeSpan.FromSeconds(90), "both stacks of the study to be processed", node.DiagnosticsAsync);
            fromNode = await Produced();
        }

        var output = input.File("out");
        var (code, stdout, stderr) = await InferCli.RunAsync(mixed, "--out", output, "--config", folder.SettingsPath);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("rule 'chest-ct-lung'", stderr, StringComparison.Ordinal);
        Assert.Contains("split into 2 stacks: mixed pixel spacing", stderr, StringComparison.Ordinal);
        var fromInfer = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories)
            .Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID)).Order(StringComparer.Ordinal).ToList();
        Assert.True(fromNode.Count >= 2, $"the node produced {fromNode.Count} results");
        Assert.Equal(fromNode, fromInfer);
    }

    private static string Ds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The SOP Instance UIDs a SEG (Referenced Series Sequence) or an SR (evidence) references.</summary>
    private static IEnumerable<string> ReferencedInstances(DicomDataset ds)
    {
        bool seg = ds.GetString(DicomTag.Modality) == "SEG";
        var series = seg
            ? ds.GetSequence(DicomTag.ReferencedSeriesSequence).Items
            : ds.GetSequence(DicomTag.CurrentRequestedProcedureEvidenceSequence).Items.SelectMany(study => study.GetSequence(DicomTag.ReferencedSeriesSequence).Items);
        return series.SelectMany(s => s.GetSequence(seg ? DicomTag.ReferencedInstanceSequence : DicomTag.ReferencedSOPSequence).Items)
            .Select(i => i.GetString(DicomTag.ReferencedSOPInstanceUID));
    }
}
