using DicomAiNode.Audit;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

using Microsoft.Extensions.DependencyInjection;

namespace DicomAiNode.Tests.EndToEnd;

/// <summary>kill -9 of the node (a child process) during ingest and during processing; the destination going away.</summary>
public sealed class DurabilityTests
{
    private const int Slices = 60;
    private const int AcknowledgedBeforeKill = 10;

    /// <summary>One C-STORE on an open association, waiting for its response (the data set re-encoded in the context's syntax).</summary>
    private static async Task<DicomStatus> StoreAsync(DicomAssociation association, PresentationContext context, string path)
    {
        var file = DicomFile.Open(path);
        using var data = new MemoryStream();
        DicomWriter.Write(data, file.Dataset, DicomTransferSyntax.Lookup(context.TransferSyntax));
        data.Position = 0;
        var response = await association.SendStoreAsync(context, file.Dataset.GetString(DicomTag.SOPClassUID), file.Dataset.GetString(DicomTag.SOPInstanceUID), data, data.Length);
        return (await response).Status;
    }

    private static async Task<IReadOnlyList<AuditEvent>> AuditAsync(NodeFolder folder, string study)
    {
        var path = Path.Combine(folder.DataFolder, "audit", "audit.jsonl");
        var events = new List<AuditEvent>();
        if (!File.Exists(path)) return events;
        await foreach (var r in AuditReader.QueryAsync(path, new AuditQuery { StudyInstanceUid = study }, CancellationToken.None)) events.Add(r.Event);
        return events;
    }

    [Fact]
    public async Task After_kill_9_during_ingest_and_during_processing_every_acknowledged_instance_is_processed_and_results_arrive_once()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 31, slices: Slices);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        int nodePort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync("AINODE", nodePort);
        string orthancStudy = await orthanc.UploadAsync(study.Files);
        var settings = OrthancRoundTripTests.Settings(nodePort, orthanc.DicomPort);
        settings["StableAgeSeconds"] = "2";

        // 1. Killed in the middle of an association: our own SCU sends the study one instance at a time and pauses
        //    after a known number of acknowledged instances, so the kill always lands mid-ingest.
        var first = await NodeProcess.StartAsync(folder, nodePort, settings);
        var association = await new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = nodePort, CallingAETitle = "STORESCU", CalledAETitle = "AINODE" })
            .AssociateAsync([new ProposedPresentationContext(1, Instances.CtImageStorage, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian])]);
        await using (association)
        {
            var context = association.FindAcceptedContext(Instances.CtImageStorage) ?? throw new InvalidOperationException("the node accepted no CT context");
            for (int i = 0; i < AcknowledgedBeforeKill; i++)
            {
                var status = await StoreAsync(association, context, study.Files[i]);
                Assert.True(status.IsSuccess, $"instance {i + 1}: {status}");
            }
            await first.KillAsync();
            // The association died with the node: the next instance is not acknowledged.
            DicomStatus? after = null;
            try
            {
                after = await StoreAsync(association, context, study.Files[AcknowledgedBeforeKill]);
            }
            catch (Exception e) when (e is DicomNetworkException or IOException)
            {
            }
            Assert.True(after is null, $"an instance was acknowledged after the kill: {after}");
        }
        var database = new NodeDatabase(Path.Combine(folder.DataFolder, "node.db"));
        var studies = new StudyRepository(database);
        Assert.Equal(AcknowledgedBeforeKill, (await studies.ListInstancesAsync(study.SeriesInstanceUid, CancellationToken.None)).Count);

        // 2. Restarted: Orthanc sends the whole study again (as a PACS retries); killed once processing has begun.
        var second = await NodeProcess.StartAsync(folder, nodePort, settings);
        var resent = await orthanc.StoreToNodeAsync(orthancStudy);
        Assert.Equal(0, resent.GetProperty("FailedInstancesCount").GetInt32());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            // Processing of the complete study has begun once a rule matched after the last instances were received.
            var types = (await AuditAsync(folder, study.StudyInstanceUid)).Select(e => e.Type).ToList();
            if (types.LastIndexOf(AuditEventTypes.RuleMatched) > types.LastIndexOf(AuditEventTypes.InstancesReceived)
                && (await studies.ListInstancesAsync(study.SeriesInstanceUid, CancellationToken.None)).Count == Slices)
                break;
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for processing of the complete study:\n{second.Output}");
            await Task.Delay(10);
        }
        await second.KillAsync();
        var afterKill = (await AuditAsync(folder, study.StudyInstanceUid)).Select(e => e.Type).ToList();
        Assert.True(afterKill.LastIndexOf(AuditEventTypes.ResultsProduced) < afterKill.LastIndexOf(AuditEventTypes.RuleMatched),
            $"the node finished processing before it was killed: {string.Join(", ", afterKill)}");

        // 3. Restarted again: the study is processed with every instance and the results are delivered.
        await using var third = await NodeProcess.StartAsync(folder, nodePort, settings);
        await InProcessNode.WaitUntilAsync(async () =>
        {
            var audit = await AuditAsync(folder, study.StudyInstanceUid);
            var lastInference = audit.LastOrDefault(e => e.Type == AuditEventTypes.Inference);
            return lastInference is not null && (int)lastInference.Details!["slices"]! == Slices
                && audit.SkipWhile(e => e != lastInference).Count(e => e.Type == AuditEventTypes.Delivery && e.Outcome == AuditOutcome.Success) >= 2;
        }, TimeSpan.FromSeconds(90), "inference on all instances and delivery of its results", () => Task.FromResult(third.Output));

        var instances = await orthanc.InstancesOfStudyAsync(study.StudyInstanceUid);
        Assert.Single(instances, i => i.Modality == "SEG");
        Assert.Single(instances, i => i.Modality == "SR");
        Assert.Equal(Slices, instances.Count(i => i.Modality == "CT"));
        Assert.Equal(Slices, (await studies.ListInstancesAsync(study.SeriesInstanceUid, CancellationToken.None)).Count);
        var outbox = await new OutboxRepository(database).ListAsync([OutboxState.Pending, OutboxState.Sending, OutboxState.Dead, OutboxState.Delivered], CancellationToken.None);
        Assert.All(outbox, o => Assert.Equal(OutboxState.Delivered, o.State));
        Assert.Equal(instances.Where(i => i.Modality is "SEG" or "SR").Select(i => i.SopInstanceUid).Order(), outbox.Select(o => o.SopInstanceUid).Order());
    }

    [Fact]
    public async Task Results_wait_while_the_destination_is_down_and_are_delivered_when_it_is_back()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 32, slices: 24);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        int nodePort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync("AINODE", nodePort);
        string orthancStudy = await orthanc.UploadAsync(study.Files);
        var settings = OrthancRoundTripTests.Settings(nodePort, orthanc.DicomPort);
        // Orthanc needs about 2 s to stop (SQLite lock); on an idle machine a 2 s stable age let the results reach it
        // before it was down. 8 s keeps the stop well ahead of the first delivery.
        settings["StableAgeSeconds"] = "8";
        await using var node = await InProcessNode.StartAsync(folder, settings);

        await orthanc.StoreToNodeAsync(orthancStudy);
        await orthanc.StopAsync();
        await InProcessNode.WaitUntilAsync(async () => (await node.AuditAsync(study.StudyInstanceUid)).Count(e => e.Type == AuditEventTypes.Delivery && e.Outcome == AuditOutcome.Failure) >= 4,
            TimeSpan.FromSeconds(60), "failed deliveries while Orthanc is down", node.DiagnosticsAsync);
        var waiting = await node.Host.Services.GetRequiredService<OutboxRepository>().ListAsync([OutboxState.Pending, OutboxState.Sending], CancellationToken.None);
        Assert.Equal(2, waiting.Count);
        await orthanc.StartAgainAsync();

        var instances = await OrthancRoundTripTests.WaitForResultsAsync(orthanc, study.StudyInstanceUid, TimeSpan.FromSeconds(60), node.DiagnosticsAsync);
        Assert.Single(instances, i => i.Modality == "SEG");
        Assert.Single(instances, i => i.Modality == "SR");
        var outbox = await node.Host.Services.GetRequiredService<OutboxRepository>().ListAsync([OutboxState.Delivered], CancellationToken.None);
        Assert.Equal(2, outbox.Count);
        // Bounded: a few attempts with back-off (1 s, doubling up to 2 s), far below Outbox:MaxAttempts.
        Assert.All(outbox, o => Assert.InRange(o.Attempts, 2, 20));
    }
}
