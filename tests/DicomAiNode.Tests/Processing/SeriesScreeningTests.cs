using DicomAiNode.Audit;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Processing;

/// <summary>Series the pipeline must not run on: no rule matches, or the images do not form one volume.</summary>
public sealed class SeriesScreeningTests
{
    // Long enough that a loaded machine never leaves a 3 s gap between two instances of one association (a study
    // processed before its last instances came would be processed twice and audited so).
    private static readonly Dictionary<string, string?> ShortStableAge = new() { ["StableAgeSeconds"] = "3" };

    private static Task<IReadOnlyList<CStoreResult>> SendAsync(InProcessNode node, IEnumerable<string> files) =>
        new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = node.Port, CallingAETitle = "STORESCU", CalledAETitle = "AINODE" }).StoreFilesAsync(files);

    [Fact]
    public async Task A_series_no_rule_matches_is_audited_with_the_reasons_and_the_study_is_done()
    {
        using var input = new TempFolder();
        // 8 mm slices: outside the shipped chest rule's slice thickness range (0.5 … 5 mm).
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 41, slices: 12, size: 64, thickness: 8);
        using var folder = new NodeFolder();
        await using var node = await InProcessNode.StartAsync(folder, ShortStableAge);

        Assert.All(await SendAsync(node, study.Files), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));

        await InProcessNode.WaitUntilAsync(async () => (await node.Studies.GetStudyAsync(study.StudyInstanceUid, CancellationToken.None))?.State == StudyState.Done,
            TimeSpan.FromSeconds(30), "the study to be done", node.DiagnosticsAsync);
        var none = Assert.Single(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.NoRuleMatched);
        Assert.Equal(AuditOutcome.Skipped, none.Outcome);
        Assert.Equal(study.SeriesInstanceUid, (string?)none.Details!["seriesInstanceUid"]);
        var reasons = none.Details!["rules"]!["chest-ct-lung"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Contains(reasons, r => r.Contains("SliceThickness", StringComparison.Ordinal) && r.Contains('8', StringComparison.Ordinal));
        Assert.DoesNotContain(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.Inference);
    }

    [Fact]
    public async Task A_series_of_mixed_pixel_spacing_is_split_into_stacks_each_with_its_own_results()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 42, slices: 20, size: 64, thickness: 2);
        var files = study.WithMixedPixelSpacing(input); // two reconstructions of different pixel spacing under one series UID
        var stackOf = files.ToDictionary(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID), f => files.IndexOf(f) < 10 ? 0 : 1, StringComparer.Ordinal);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        await using var node = await InProcessNode.StartAsync(folder, ShortStableAge);

        Assert.All(await SendAsync(node, files), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));

        await InProcessNode.WaitUntilAsync(async () => (await node.Studies.GetStudyAsync(study.StudyInstanceUid, CancellationToken.None))?.State == StudyState.Done,
            TimeSpan.FromSeconds(60), "the study to be done", node.DiagnosticsAsync);
        var audit = await node.AuditAsync(study.StudyInstanceUid);
        var split = Assert.Single(audit, e => e.Type == AuditEventTypes.SeriesSplit);
        Assert.Contains("mixed pixel spacing", split.Message, StringComparison.Ordinal);
        Assert.Equal([10, 10], split.Details!["stacks"]!.AsArray().Select(s => (int)s!["instances"]!));
        Assert.DoesNotContain(audit, e => e.Type == AuditEventTypes.Error);
        Assert.Equal(2, audit.Count(e => e.Type == AuditEventTypes.Inference));

        // Each stack's SR (and SEG, when it found something) has its own UIDs and references only that stack's images.
        var produced = audit.Where(e => e.Type == AuditEventTypes.ResultsProduced)
            .Select(e => e.Details!["sopInstanceUids"]!.AsArray().Select(u => (string)u!).ToList()).ToList();
        Assert.Equal(2, produced.Count);
        Assert.Empty(produced[0].Intersect(produced[1]));
        var results = Directory.GetFiles(Path.Combine(folder.DataFolder, "results", study.StudyInstanceUid, study.SeriesInstanceUid, "chest-ct-lung"), "*.dcm");
        Assert.Equal(produced.Sum(p => p.Count), results.Length);
        var stacksReferenced = new List<int>();
        foreach (var result in results)
        {
            var ds = DicomFile.Open(result).Dataset;
            var referenced = ReferencedInstances(ds).ToList();
            // Besides its source images an SR's evidence names the SEG it measured (one of the same stack's results).
            var own = produced.Single(p => p.Contains(ds.GetString(DicomTag.SOPInstanceUID)));
            Assert.All(referenced.Where(uid => !stackOf.ContainsKey(uid)), uid => Assert.Contains(uid, own));
            var sources = referenced.Where(stackOf.ContainsKey).ToList();
            Assert.Equal(10, sources.Count);
            var stack = Assert.Single(sources.Select(uid => stackOf[uid]).Distinct());
            if (ds.GetString(DicomTag.Modality) == "SR") stacksReferenced.Add(stack);
        }
        Assert.Equal([0, 1], stacksReferenced.Order());
    }

    [Fact]
    public async Task A_series_with_a_multi_frame_image_is_refused_with_the_reason_in_the_audit()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 44, slices: 12, size: 64, thickness: 2);
        // One image claiming two frames: the series cannot be stacked into slices.
        var odd = DicomFile.Open(study.Files[5]);
        odd.Dataset.AddOrUpdate(DicomTag.NumberOfFrames, "2");
        var oddPath = input.File("two-frames.dcm");
        odd.Save(oddPath);
        var files = study.Files.Select((f, i) => i == 5 ? oddPath : f).ToList();
        using var folder = new NodeFolder();
        await using var node = await InProcessNode.StartAsync(folder, ShortStableAge);

        Assert.All(await SendAsync(node, files), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));

        await InProcessNode.WaitUntilAsync(async () => (await node.AuditAsync(study.StudyInstanceUid)).Any(e => e.Type == AuditEventTypes.Error),
            TimeSpan.FromSeconds(30), "the refusal in the audit", node.DiagnosticsAsync);
        var refused = Assert.Single(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.Error);
        Assert.Equal(AuditOutcome.Rejected, refused.Outcome);
        Assert.Contains("multi-frame", refused.Message, StringComparison.Ordinal);
        Assert.Contains(study.SeriesInstanceUid, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.Inference);
    }

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

    [Fact]
    public async Task A_late_instance_after_processing_reruns_the_series_with_every_instance()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 43, slices: 12, size: 64, thickness: 2);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        await using var node = await InProcessNode.StartAsync(folder, ShortStableAge);
        async Task<List<AuditEvent>> Inferences() => (await node.AuditAsync(study.StudyInstanceUid)).Where(e => e.Type == AuditEventTypes.Inference).ToList();

        Assert.All(await SendAsync(node, study.Files.Take(11)), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));
        await InProcessNode.WaitUntilAsync(async () => (await Inferences()).Count == 1, TimeSpan.FromSeconds(30), "the first processing", node.DiagnosticsAsync);
        Assert.All(await SendAsync(node, study.Files.Skip(11)), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));

        await InProcessNode.WaitUntilAsync(async () => (await Inferences()).Count == 2, TimeSpan.FromSeconds(30), "the re-run", node.DiagnosticsAsync);
        var late = Assert.Single(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.LateInstance);
        Assert.Equal("rerun", (string?)late.Details!["policy"]);
        var runs = await Inferences();
        Assert.Equal([11, 12], runs.Select(e => (int)e.Details!["slices"]!));
        var produced = (await node.AuditAsync(study.StudyInstanceUid)).Where(e => e.Type == AuditEventTypes.ResultsProduced)
            .Select(e => string.Join(",", e.Details!["sopInstanceUids"]!.AsArray().Select(n => (string)n!).Order())).ToList();
        Assert.Equal(2, produced.Count);
        Assert.Equal(produced[0], produced[1]); // same derived UIDs: the re-run replaces its results
    }
}
