using System.Net.Http.Json;
using System.Text.Json;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Dicom.Tests.Network;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>Orthanc (Debian package orthanc) takes our SEG and SR by C-STORE (our DicomClient) and files them under the source study.</summary>
[Collection("network")]
public sealed class OrthancSegmentationTests
{
    [Fact]
    public async Task Orthanc_accepts_seg_and_sr_and_lists_them_under_the_source_study()
    {
        using var phantom = PhantomStudy.Generate(seed: 21, slices: 12, size: 64, thickness: 2.5);
        var sources = phantom.Datasets;
        var seriesUid = sources[0].GetString(DicomTag.SeriesInstanceUID);
        var seg = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm)
        {
            SeriesInstanceUid = DerivedUids.Series(seriesUid, "orthanc", "labels", "SEG"),
            SopInstanceUid = DerivedUids.Instance(seriesUid, "orthanc", "labels", "SEG"),
        };
        var sr = new MeasurementReportBuilder(sources, SyntheticSeries.Equipment)
        {
            SeriesInstanceUid = DerivedUids.Series(seriesUid, "orthanc", "labels", "SR"),
            SopInstanceUid = DerivedUids.Instance(seriesUid, "orthanc", "labels", "SR"),
        };
        sr.ReferenceSegmentation(seg.SopInstanceUid, seg.SeriesInstanceUid);
        foreach (var id in phantom.FindingIds)
        {
            var tracking = DerivedUids.Tracking(seriesUid, "orthanc", "labels", id);
            int number = seg.AddSegment(SyntheticSeries.Nodule(id) with { TrackingUid = tracking }, phantom.MasksOf(id));
            sr.AddMeasurement(new VolumetricMeasurement
            {
                TrackingId = $"Nodule {id}",
                TrackingUid = tracking,
                Finding = new DicomCodeItem("27925004", "SCT", "Nodule"),
                SegmentNumber = number,
                VolumeMm3 = 100,
            });
        }
        var segPath = Path.Combine(phantom.Root, "seg.dcm");
        var srPath = Path.Combine(phantom.Root, "sr.dcm");
        seg.BuildFile().Save(segPath);
        sr.BuildFile().Save(srPath);

        await using var orthanc = await OrthancPeer.StartAsync(nodePort: Peer.FreePort());
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = orthanc.DicomPort, CalledAETitle = "ORTHANC", CallingAETitle = "NODE" });
        var files = phantom.Files.Select(f => f.FilePath!).Append(segPath).Append(srPath).ToList();
        var results = await client.StoreFilesAsync(files);
        Assert.All(results, r => Assert.True(r.Status.IsSuccess, $"{r.Source}: {r.Status} {r.Error}"));

        var studies = await orthanc.Http.GetFromJsonAsync<string[]>("studies");
        var study = Assert.Single(studies!);
        var series = await orthanc.Http.GetFromJsonAsync<JsonElement[]>($"studies/{study}/series");
        var byModality = series!.ToDictionary(s => s.GetProperty("MainDicomTags").GetProperty("Modality").GetString()!,
            s => s.GetProperty("MainDicomTags").GetProperty("SeriesInstanceUID").GetString()!);
        Assert.Equal(new[] { "CT", "SEG", "SR" }, byModality.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(seg.SeriesInstanceUid, byModality["SEG"]);
        Assert.Equal(sr.SeriesInstanceUid, byModality["SR"]);
        Assert.Equal(seriesUid, byModality["CT"]);
    }
}
