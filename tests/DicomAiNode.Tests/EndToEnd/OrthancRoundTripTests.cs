using DicomAiNode.Audit;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.EndToEnd;

/// <summary>The node between a real PACS (Orthanc) and itself: study in by C-STORE, SEG and SR back by C-STORE.</summary>
public sealed class OrthancRoundTripTests
{
    public static Dictionary<string, string?> Settings(int nodePort, int orthancPort) => new()
    {
        ["Node:Port"] = nodePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["StableAgeSeconds"] = "1",
        ["Peers:2:Port"] = orthancPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Outbox:InitialRetrySeconds"] = "1",
        ["Outbox:MaxRetrySeconds"] = "2",
        ["Outbox:PollSeconds"] = "1",
    };

    public static async Task<IReadOnlyList<(string Id, string Modality, string SopInstanceUid)>> WaitForResultsAsync(OrthancPeer orthanc, string study, TimeSpan timeout,
        Func<Task<string>>? context = null)
    {
        IReadOnlyList<(string Id, string Modality, string SopInstanceUid)> instances = [];
        await InProcessNode.WaitUntilAsync(async () =>
        {
            instances = await orthanc.InstancesOfStudyAsync(study);
            return instances.Any(i => i.Modality == "SEG") && instances.Any(i => i.Modality == "SR");
        }, timeout, $"SEG and SR of study {study} in Orthanc", context);
        return instances;
    }

    [Fact]
    public async Task Study_sent_by_Orthanc_comes_back_with_a_valid_SEG_and_SR_and_every_step_is_audited()
    {
        using var input = new TempFolder();
        var study = await PhantomStudy.GenerateAsync(input.Path, seed: 21, slices: 24);
        using var folder = new NodeFolder();
        PhantomStudy.InstallModel(folder);
        int nodePort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync("AINODE", nodePort);
        string orthancStudy = await orthanc.UploadAsync(study.Files);
        await using var node = await InProcessNode.StartAsync(folder, Settings(nodePort, orthanc.DicomPort));

        var answer = await orthanc.StoreToNodeAsync(orthancStudy);

        Assert.Equal(0, answer.GetProperty("FailedInstancesCount").GetInt32());
        var instances = await WaitForResultsAsync(orthanc, study.StudyInstanceUid, TimeSpan.FromSeconds(120), node.DiagnosticsAsync);
        var seg = Assert.Single(instances, i => i.Modality == "SEG");
        var sr = Assert.Single(instances, i => i.Modality == "SR");
        foreach (var (id, name) in new[] { (seg.Id, "seg.dcm"), (sr.Id, "sr.dcm") })
        {
            Dciodvfy.AssertNoErrors(await orthanc.DownloadAsync(id, input.File(name)));
        }

        await InProcessNode.WaitUntilAsync(async () => (await node.AuditAsync(study.StudyInstanceUid)).Count(e => e.Type == AuditEventTypes.Delivery) >= 2,
            TimeSpan.FromSeconds(10), "the delivery audit events");
        var audit = await node.AuditAsync(study.StudyInstanceUid);
        var steps = audit.Select(e => e.Type).ToList();
        string[] expected = [AuditEventTypes.InstancesReceived, AuditEventTypes.StudyReady, AuditEventTypes.RuleMatched, AuditEventTypes.Inference,
            AuditEventTypes.ResultsProduced, AuditEventTypes.Delivery];
        int at = -1;
        foreach (var step in expected)
        {
            int next = steps.IndexOf(step, at + 1);
            Assert.True(next > at, $"audit of {study.StudyInstanceUid} lacks '{step}' after position {at}: {string.Join(", ", steps)}");
            at = next;
        }
        Assert.Equal(study.Files.Count, audit.Where(e => e.Type == AuditEventTypes.InstancesReceived).Sum(e => (int)e.Details!["instances"]!));
        Assert.All(audit.Where(e => e.Type == AuditEventTypes.InstancesReceived), e => Assert.Equal("ORTHANC", e.CallingAeTitle));
        var produced = audit.Single(e => e.Type == AuditEventTypes.ResultsProduced).Details!["sopInstanceUids"]!.AsArray().Select(n => (string)n!).ToHashSet();
        Assert.Equal(new HashSet<string> { seg.SopInstanceUid, sr.SopInstanceUid }, produced);
        var delivered = audit.Where(e => e.Type == AuditEventTypes.Delivery && e.Outcome == AuditOutcome.Success).Select(e => (string)e.Details!["sopInstanceUid"]!).ToHashSet();
        Assert.Equal(produced, delivered);
        var inference = audit.Single(e => e.Type == AuditEventTypes.Inference);
        Assert.Equal(study.Files.Count, (int)inference.Details!["slices"]!);
        Assert.Contains((await node.AuditAsync()), e => e.Type == AuditEventTypes.AssociationAccepted && e.CallingAeTitle == "ORTHANC");
    }
}
