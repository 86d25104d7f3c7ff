using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>TID 1500 reports over real series, checked by dciodvfy (IOD) and pixelmed's DicomSRValidator (templates).</summary>
public sealed class MeasurementReportBuilderTests
{
    [Theory]
    [InlineData("pydicom:CT_small.dcm")]
    [InlineData("shared:reference-seg-sr/ct_image.dcm")]
    public void Report_with_findings_on_a_real_ct_image_passes_both_validators(string source)
    {
        var image = DicomFile.Open(source.StartsWith("pydicom:", StringComparison.Ordinal)
            ? PyDicomPeer.TestFile(source["pydicom:".Length..])
            : Path.Combine(TestFiles.SharedTestData, source["shared:".Length..])).Dataset;
        int rows = image.GetValue<int>(DicomTag.Rows), columns = image.GetValue<int>(DicomTag.Columns);
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var (segPath, srPath) = WritePair(folder, [image], [[SyntheticSeries.Disk(rows, columns, rows / 2, columns / 2, rows / 8)]]);
            Validators.AssertValid(segPath);
            AssertReportValid(srPath);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Report_over_a_phantom_series_references_every_segment_and_lists_the_evidence()
    {
        using var phantom = PhantomStudy.Generate(seed: 5, slices: 16, size: 64, thickness: 3);
        var ids = phantom.FindingIds;
        var (segPath, srPath) = WritePair(phantom.Root, phantom.Datasets, ids.Select(phantom.MasksOf).ToList());
        Validators.AssertValid(segPath);
        AssertReportValid(srPath);

        var sr = DicomFile.Open(srPath).Dataset;
        var seg = DicomFile.Open(segPath).Dataset;
        var groups = sr.GetSequence(DicomTag.ContentSequence).Items
            .Single(i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Value == "126010")
            .GetSequence(DicomTag.ContentSequence).Items;
        Assert.Equal(ids.Length, groups.Count);
        var segments = seg.GetSequence(DicomTag.SegmentSequence).Items;
        for (int g = 0; g < groups.Count; g++)
        {
            var items = groups[g].GetSequence(DicomTag.ContentSequence).Items;
            var reference = items.Single(i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Value == "121191")
                .GetSequence(DicomTag.ReferencedSOPSequence).Items[0];
            Assert.Equal(seg.GetString(DicomTag.SOPInstanceUID), reference.GetString(DicomTag.ReferencedSOPInstanceUID));
            Assert.Equal(g + 1, reference.GetValue<int>(DicomTag.ReferencedSegmentNumber));
            var tracking = items.Single(i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Value == "112040").GetString(DicomTag.UID);
            Assert.Equal(segments[g].GetString(DicomTag.TrackingUID), tracking);
        }
        var evidence = sr.GetSequence(DicomTag.CurrentRequestedProcedureEvidenceSequence).Items.Single().GetSequence(DicomTag.ReferencedSeriesSequence).Items;
        Assert.Equal(phantom.Files.Count + 1, evidence.Sum(s => s.GetSequence(DicomTag.ReferencedSOPSequence).Items.Count));
    }

    [Fact]
    public void Report_without_findings_says_so_and_references_no_segmentation()
    {
        var sources = SyntheticSeries.Create(16, 16, 3);
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var builder = new MeasurementReportBuilder(sources, SyntheticSeries.Equipment);
            var path = Path.Combine(folder, "sr.dcm");
            builder.BuildFile().Save(path);
            AssertReportValid(path);
            var sr = DicomFile.Open(path).Dataset;
            var content = sr.GetSequence(DicomTag.ContentSequence).Items;
            Assert.DoesNotContain(content, i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Value == "126010");
            var evaluation = content.Single(i => DicomCodeItem.FromSequence(i, DicomTag.ConceptNameCodeSequence)!.Value == "C0034375");
            Assert.Equal("111286", DicomCodeItem.FromSequence(evaluation.GetSequence(DicomTag.ContentSequence).Items[0], DicomTag.ConceptCodeSequence)!.Value);
            Assert.DoesNotContain(DicomUID.SegmentationStorage.UID, File.ReadAllText(path, System.Text.Encoding.Latin1), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Refuses_measurements_without_a_segmentation_to_reference()
    {
        var builder = new MeasurementReportBuilder(SyntheticSeries.Create(4, 4, 1), SyntheticSeries.Equipment);
        builder.AddMeasurement(Measurement(1));
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    private static void AssertReportValid(string path)
    {
        Validators.AssertValid(path);
        var report = Validators.DicomSRValidator(path);
        Validators.Log(path, report);
        Assert.Contains("Found Root Template TID_1500", report.Output, StringComparison.Ordinal);
        Assert.True(report.Errors.Count == 0, $"DicomSRValidator {path}:\n{report.Output}");
    }

    private static VolumetricMeasurement Measurement(int n) => new()
    {
        TrackingId = $"Nodule {n}",
        TrackingUid = DicomUID.FromName($"tracking {n}").UID,
        Finding = new DicomCodeItem("27925004", "SCT", "Nodule"),
        FindingSite = new DicomCodeItem("39607008", "SCT", "Lung"),
        SegmentNumber = n,
        VolumeMm3 = 523.6 * n,
        LongestDiameterMm = 12.3,
        MeanHounsfieldUnits = -12.5,
        Confidence = 0.873,
    };

    /// <summary>A SEG (one segment per mask set) and a report of one group per segment, as the node writes them.</summary>
    private static (string Seg, string Sr) WritePair(string folder, IReadOnlyList<DicomDataset> sources, IReadOnlyList<byte[]?[]> masks)
    {
        var seriesUid = sources[0].GetString(DicomTag.SeriesInstanceUID);
        var segBuilder = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm)
        {
            SeriesInstanceUid = DerivedUids.Series(seriesUid, "test", "model", "SEG"),
            SopInstanceUid = DerivedUids.Instance(seriesUid, "test", "model", "SEG"),
        };
        var report = new MeasurementReportBuilder(sources, SyntheticSeries.Equipment)
        {
            SeriesInstanceUid = DerivedUids.Series(seriesUid, "test", "model", "SR"),
            SopInstanceUid = DerivedUids.Instance(seriesUid, "test", "model", "SR"),
        };
        report.ReferenceSegmentation(segBuilder.SopInstanceUid, segBuilder.SeriesInstanceUid);
        for (int s = 0; s < masks.Count; s++)
        {
            var m = Measurement(s + 1);
            segBuilder.AddSegment(SyntheticSeries.Nodule(s + 1) with { TrackingUid = m.TrackingUid }, masks[s]);
            report.AddMeasurement(m);
        }
        var segPath = Path.Combine(folder, "seg.dcm");
        var srPath = Path.Combine(folder, "sr.dcm");
        segBuilder.BuildFile().Save(segPath);
        report.BuildFile().Save(srPath);
        return (segPath, srPath);
    }
}
