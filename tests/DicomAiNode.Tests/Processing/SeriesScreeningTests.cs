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
    private static readonly Dictionary<string, string?> ShortStableAge = new() { ["StableAgeSeconds"] = "1" };

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
    public async Task A_series_of_mixed_orientation_is_refused_with_the_reason_in_the_audit()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 42, slices: 12, size: 64, thickness: 2);
        // One image tilted: the series no longer forms one volume.
        var tilted = DicomFile.Open(study.Files[5]);
        tilted.Dataset.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "0.8", "-0.6");
        var tiltedPath = input.File("tilted.dcm");
        tilted.Save(tiltedPath);
        var files = study.Files.Select((f, i) => i == 5 ? tiltedPath : f).ToList();
        using var folder = new NodeFolder();
        await using var node = await InProcessNode.StartAsync(folder, ShortStableAge);

        Assert.All(await SendAsync(node, files), r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status}"));

        await InProcessNode.WaitUntilAsync(async () => (await node.AuditAsync(study.StudyInstanceUid)).Any(e => e.Type == AuditEventTypes.Error),
            TimeSpan.FromSeconds(30), "the refusal in the audit", node.DiagnosticsAsync);
        var refused = Assert.Single(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.Error);
        Assert.Equal(AuditOutcome.Rejected, refused.Outcome);
        Assert.Contains("mixed orientation", refused.Message, StringComparison.Ordinal);
        Assert.Contains(study.SeriesInstanceUid, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.Inference);
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
