using DicomAiNode.Audit;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Storage;
using DicomAiNode.Tests.Support;

namespace DicomAiNode.Tests.Ingest;

public sealed class IngestTests
{
    private static DicomClient Client(int port, string callingAe = "STORESCU", string calledAe = "AINODE") =>
        new(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAETitle = callingAe, CalledAETitle = calledAe });

    [Fact]
    public async Task Stores_instances_durably_indexes_them_and_audits_the_study()
    {
        using var folder = new NodeFolder();
        using var input = new TempFolder();
        var study = await Phantom.GenerateAsync(input.Path, seed: 11, slices: 6, size: 32);
        var files = Directory.GetFiles(study, "*.dcm").Order(StringComparer.Ordinal).ToList();
        await using var node = await InProcessNode.StartAsync(folder);

        var results = await Client(node.Port).StoreFilesAsync(files);

        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        var studyUid = Dicom.IO.DicomFile.Open(files[0]).Dataset.GetStringOrDefault(Dicom.Data.DicomTag.StudyInstanceUID);
        var record = await node.Studies.GetStudyAsync(studyUid, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal("STORESCU", record.CallingAeTitle);
        var series = Assert.Single(await node.Studies.ListSeriesAsync(studyUid, CancellationToken.None));
        var instances = await node.Studies.ListInstancesAsync(series.SeriesInstanceUid, CancellationToken.None);
        Assert.Equal(files.Count, instances.Count);
        foreach (var instance in instances)
        {
            Assert.True(File.Exists(instance.Path), instance.Path);
            Assert.Equal("STORESCU", instance.CallingAeTitle);
            Assert.StartsWith("1.2.840.10008.1.2", instance.TransferSyntaxUid, StringComparison.Ordinal);
        }
        // One instances.received line per (association, study) once it has been idle for 0.3 s: a loaded machine may
        // pause that long between two instances and write two lines; together they count every instance.
        static int Received(IEnumerable<AuditEvent> audit) =>
            audit.Where(e => e.Type == AuditEventTypes.InstancesReceived).Sum(e => (int)e.Details!["instances"]!);
        await InProcessNode.WaitUntilAsync(async () => Received(await node.AuditAsync(studyUid)) >= files.Count,
            TimeSpan.FromSeconds(10), "instances.received audit events for every instance");
        Assert.Equal(files.Count, Received(await node.AuditAsync(studyUid)));
        var accepted = (await node.AuditAsync()).Single(e => e.Type == AuditEventTypes.AssociationAccepted);
        Assert.Equal("STORESCU", accepted.CallingAeTitle);
        Assert.Equal("AINODE", accepted.CalledAeTitle);
        Assert.Contains("127.0.0.1", accepted.PeerAddress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_association_from_unknown_calling_AE_and_audits_it()
    {
        using var folder = new NodeFolder();
        await using var node = await InProcessNode.StartAsync(folder);

        var e = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client(node.Port, callingAe: "INTRUDER").EchoAsync());

        Assert.Contains("RejectedPermanent", e.Message, StringComparison.Ordinal);
        var rejected = (await node.AuditAsync()).Single(a => a.Type == AuditEventTypes.AssociationRejected);
        Assert.Equal(AuditOutcome.Rejected, rejected.Outcome);
        Assert.Equal("INTRUDER", rejected.CallingAeTitle);
        Assert.Equal("AINODE", rejected.CalledAeTitle);
        Assert.Contains("not a known peer", rejected.Message, StringComparison.Ordinal);
        Assert.NotNull(rejected.PeerAddress);
    }

    [Fact]
    public async Task Rejects_associations_transiently_below_the_disk_watermark()
    {
        using var folder = new NodeFolder();
        await using var node = await InProcessNode.StartAsync(folder, new Dictionary<string, string?> { ["Disk:MinFreeMegabytes"] = "100000000" });

        var e = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Client(node.Port).EchoAsync());

        Assert.Contains("RejectedTransient", e.Message, StringComparison.Ordinal);
        var rejected = (await node.AuditAsync()).Single(a => a.Type == AuditEventTypes.AssociationRejected);
        Assert.Contains("Disk:MinFreeMegabytes", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_instance_gets_a_failure_status_and_is_audited_while_the_rest_of_the_study_is_stored()
    {
        using var folder = new NodeFolder();
        using var input = new TempFolder();
        var study = await Phantom.GenerateAsync(input.Path, seed: 12, slices: 4, size: 32);
        var files = Directory.GetFiles(study, "*.dcm").Order(StringComparer.Ordinal).ToList();
        // Keep the file meta and the start of the data set, then garble it: a length field that runs past the end.
        var bytes = File.ReadAllBytes(files[1]);
        var broken = input.File("broken.dcm");
        var cut = bytes.AsSpan(0, 700).ToArray();
        cut.AsSpan(cut.Length - 120).Fill(0xFF);
        File.WriteAllBytes(broken, cut);
        var brokenSop = Dicom.IO.DicomFile.Open(files[1], new Dicom.IO.DicomReadOptions { StopAtTag = Dicom.Data.DicomTag.PixelData }).Dataset
            .GetStringOrDefault(Dicom.Data.DicomTag.SOPInstanceUID);
        await using var node = await InProcessNode.StartAsync(folder);

        var results = await Client(node.Port).StoreFilesAsync([files[0], broken, files[2], files[3]]);

        Assert.True(results[1].Status.IsFailure, $"broken instance answered {results[1].Status}");
        Assert.True(results[1].Status.Code is 0xC000 or >= 0xA900 and <= 0xA9FF, $"{results[1].Status}");
        Assert.All(new[] { results[0], results[2], results[3] }, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));
        var rejected = (await node.AuditAsync()).Single(a => a.Type == AuditEventTypes.InstanceRejected);
        Assert.Equal(brokenSop, (string?)rejected.Details!["sopInstanceUid"]);
        Assert.False(File.Exists(Path.Combine(folder.DataFolder, "spool", brokenSop + ".dcm")));
        var studyUid = Dicom.IO.DicomFile.Open(files[0]).Dataset.GetStringOrDefault(Dicom.Data.DicomTag.StudyInstanceUID);
        var series = Assert.Single(await node.Studies.ListSeriesAsync(studyUid, CancellationToken.None));
        Assert.Equal(3, (await node.Studies.ListInstancesAsync(series.SeriesInstanceUid, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_corrupt_copy_of_an_instance_already_stored_is_refused_and_leaves_the_stored_instance_untouched()
    {
        using var folder = new NodeFolder();
        using var input = new TempFolder();
        var study = await Phantom.GenerateAsync(input.Path, seed: 13, slices: 2, size: 32);
        var good = Directory.GetFiles(study, "*.dcm").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(good);
        var broken = input.File("broken.dcm");
        var cut = bytes.AsSpan(0, 700).ToArray();
        cut.AsSpan(cut.Length - 120).Fill(0xFF);
        File.WriteAllBytes(broken, cut);
        var sop = Dicom.IO.DicomFile.Open(good).Dataset.GetStringOrDefault(Dicom.Data.DicomTag.SOPInstanceUID);
        var spoolFile = Path.Combine(folder.DataFolder, "spool", sop + ".dcm");
        await using var node = await InProcessNode.StartAsync(folder, new Dictionary<string, string?> { ["StableAgeSeconds"] = "3600" });

        Assert.True((await Client(node.Port).StoreFilesAsync([good])).Single().Status.IsSuccess);
        var stored = await File.ReadAllBytesAsync(spoolFile);
        var again = (await Client(node.Port).StoreFilesAsync([broken])).Single();

        Assert.True(again.Status.IsFailure, $"the corrupt copy was answered {again.Status}");
        Assert.True(File.Exists(spoolFile), "the acknowledged instance was deleted by a corrupt copy of it");
        Assert.Equal(stored, await File.ReadAllBytesAsync(spoolFile));
        Assert.True(await node.Studies.ContainsInstanceAsync(sop, CancellationToken.None));
    }
}
