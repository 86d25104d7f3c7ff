using DicomAiNode.Audit;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.EndToEnd;

/// <summary>Retention on the running node, between Orthanc and itself, with ages of seconds instead of days.</summary>
public sealed class RetentionEndToEndTests
{
    [Fact]
    public async Task Study_delivered_to_Orthanc_is_purged_after_its_retention_and_processed_anew_when_Orthanc_sends_it_again()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 41, slices: 12);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        int nodePort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync("AINODE", nodePort);
        string orthancStudy = await orthanc.UploadAsync(study.Files);
        var settings = OrthancRoundTripTests.Settings(nodePort, orthanc.DicomPort);
        settings["StableAgeSeconds"] = "3"; // a loaded machine must not process the study before its last instances
        settings["Retention:CompletedStudyHours"] = "0.002"; // 7.2 s after the last delivery
        settings["Retention:CheckIntervalMinutes"] = "0.01"; // every 0.6 s
        await using var node = await InProcessNode.StartAsync(folder, settings);
        var spool = Path.Combine(folder.DataFolder, "spool");
        var results = Path.Combine(folder.DataFolder, "results", study.StudyInstanceUid);

        await orthanc.StoreToNodeAsync(orthancStudy);
        await OrthancRoundTripTests.WaitForResultsAsync(orthanc, study.StudyInstanceUid, TimeSpan.FromSeconds(120), node.DiagnosticsAsync);
        Assert.True(Directory.Exists(results));
        await WaitForPurgesAsync(node, study.StudyInstanceUid, 1);

        var purged = Assert.Single(await node.AuditAsync(study.StudyInstanceUid), e => e.Type == AuditEventTypes.StudyPurged);
        Assert.Equal(study.Files.Count, (int)purged.Details!["instances"]!);
        Assert.Equal(2, (int)purged.Details["deliveries"]!["delivered"]!); // SEG and SR to ORTHANC
        // The purge is audited inside its transaction (before the commit); rows and files go with and after the commit.
        await InProcessNode.WaitUntilAsync(async () => await node.Studies.GetStudyAsync(study.StudyInstanceUid, CancellationToken.None) is null
                && !Directory.EnumerateFiles(spool).Any() && !Directory.Exists(results),
            TimeSpan.FromSeconds(30), "the purged study's rows, spool files and results folder to be gone", node.DiagnosticsAsync);

        // Sent again after the purge: a new study record, processed with what came and delivered again (same UIDs).
        await orthanc.StoreToNodeAsync(orthancStudy);
        await WaitForPurgesAsync(node, study.StudyInstanceUid, 2);
        var audit = await node.AuditAsync(study.StudyInstanceUid);
        Assert.Equal(2, audit.Count(e => e.Type == AuditEventTypes.ResultsProduced));
        Assert.Equal(4, audit.Count(e => e.Type == AuditEventTypes.Delivery && e.Outcome == AuditOutcome.Success));
        Assert.DoesNotContain(audit, e => e.Type == AuditEventTypes.LateInstance);
        // Orthanc's copy of the study now holds the node's SEG and SR too: they came back with it, matched no rule, went with it.
        Assert.Equal([study.Files.Count, study.Files.Count + 2],
            audit.Where(e => e.Type == AuditEventTypes.StudyPurged).Select(e => (int)e.Details!["instances"]!));
        Assert.True((await AuditReader.VerifyAsync(node.AuditPath, CancellationToken.None)).IsIntact);
        Assert.Equal(2, (await orthanc.InstancesOfStudyAsync(study.StudyInstanceUid)).Count(i => i.Modality is "SEG" or "SR"));
    }

    private static Task WaitForPurgesAsync(InProcessNode node, string study, int count) =>
        InProcessNode.WaitUntilAsync(async () => (await node.AuditAsync(study)).Count(e => e.Type == AuditEventTypes.StudyPurged) >= count,
            TimeSpan.FromSeconds(120), $"{count} study.purged events of {study}", node.DiagnosticsAsync);
}
