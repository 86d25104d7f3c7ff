using System.Text.Json;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>SEGs written by others (highdicom, dcmqi via pydicom's test files) read by our reader and compared with pydicom.</summary>
public sealed class SegmentationReaderTests
{
    private const string PydicomFrames = """
        import json, sys, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        n = int(getattr(ds, 'NumberOfFrames', 1))
        arr = ds.pixel_array.astype(np.uint8).reshape(n, ds.Rows, ds.Columns)
        arr.tofile(sys.argv[2])
        out = []
        for i in range(n):
            fg = ds.PerFrameFunctionalGroupsSequence[i]
            ipp = [float(v) for v in fg.PlanePositionSequence[0].ImagePositionPatient] if 'PlanePositionSequence' in fg else None
            out.append({'segment': int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber), 'position': ipp})
        segs = [{'number': int(s.SegmentNumber), 'label': s.SegmentLabel,
                 'type': s.SegmentedPropertyTypeCodeSequence[0].CodeValue,
                 'category': s.SegmentedPropertyCategoryCodeSequence[0].CodeValue} for s in ds.SegmentSequence]
        print(json.dumps({'frames': out, 'segments': segs}))
        """;

    [Theory]
    [InlineData("shared:reference-seg-sr/seg_image_ct_binary.dcm", 1, 3)]
    [InlineData("shared:reference-seg-sr/seg_image_ct_binary_overlap.dcm", 2, 8)]
    [InlineData("shared:reference-seg-sr/seg_image_ct_binary_single_frame.dcm", 1, 1)]
    [InlineData("shared:reference-seg-sr/seg_image_cr_binary.dcm", 1, 1)]
    [InlineData("pydicom:liver_1frame.dcm", 1, 1)]
    [InlineData("pydicom:liver_expb_1frame.dcm", 1, 1)]
    public void Reads_segments_frames_and_masks_as_pydicom_does(string source, int segments, int frames)
    {
        var path = source.StartsWith("pydicom:", StringComparison.Ordinal)
            ? PyDicomPeer.TestFile(source["pydicom:".Length..])
            : Path.Combine(TestFiles.SharedTestData, source["shared:".Length..]);
        var seg = SegmentationReader.Read(DicomFile.Open(path));
        Assert.Equal(segments, seg.Segments.Count);
        Assert.Equal(frames, seg.Frames.Count);

        var raw = Path.Combine(Path.GetTempPath(), $"seg-reader-{Guid.NewGuid():N}.raw");
        try
        {
            using var json = JsonDocument.Parse(PyDicomPeer.Run(PydicomFrames, path, raw));
            var pixels = File.ReadAllBytes(raw);
            int n = seg.Rows * seg.Columns;
            var expectedSegments = json.RootElement.GetProperty("segments").EnumerateArray().ToList();
            for (int s = 0; s < segments; s++)
            {
                Assert.Equal(expectedSegments[s].GetProperty("number").GetInt32(), seg.Segments[s].Number);
                Assert.Equal(expectedSegments[s].GetProperty("label").GetString(), seg.Segments[s].Description.Label);
                Assert.Equal(expectedSegments[s].GetProperty("type").GetString(), seg.Segments[s].Description.Type.Value);
                Assert.Equal(expectedSegments[s].GetProperty("category").GetString(), seg.Segments[s].Description.Category.Value);
            }
            var expectedFrames = json.RootElement.GetProperty("frames").EnumerateArray().ToList();
            for (int f = 0; f < frames; f++)
            {
                var frame = seg.Frames[f];
                Assert.Equal(expectedFrames[f].GetProperty("segment").GetInt32(), frame.SegmentNumber);
                if (expectedFrames[f].GetProperty("position").ValueKind == JsonValueKind.Array)
                {
                    Assert.Equal(expectedFrames[f].GetProperty("position").EnumerateArray().Select(v => v.GetDouble()), frame.ImagePosition!);
                }
                Assert.True(pixels.AsSpan(f * n, n).SequenceEqual(frame.Mask), $"{path}: frame {f + 1} differs from pydicom's pixel_array");
            }
        }
        finally
        {
            File.Delete(raw);
        }
    }

    [Fact]
    public void Reads_highdicom_codes_tracking_and_algorithm()
    {
        var seg = SegmentationReader.Read(DicomFile.Open(Path.Combine(TestFiles.SharedTestData, "reference-seg-sr", "seg_image_ct_binary.dcm")));
        var segment = Assert.Single(seg.Segments);
        Assert.Equal("first segment", segment.Description.Label);
        Assert.Equal(new DicomCodeItem("85756007", "SCT", "Tissue"), segment.Description.Category);
        Assert.Equal(new DicomCodeItem("272673000", "SCT", "Bone"), segment.Description.Type);
        Assert.Equal("AUTOMATIC", segment.Description.AlgorithmType);
        Assert.Equal("test", segment.AlgorithmName);
        Assert.Equal("test segmentation of computed tomography image", segment.Description.TrackingId);
        // seg-sr-facts §2.4: its frames sit at source positions 2, 3, 4 of the referenced series.
        Assert.Equal(3, seg.Frames.Count);
        Assert.All(seg.Frames, f => Assert.Single(f.SourceSopInstanceUids));
        Assert.Equal(seg.Frames.Select(f => f.ImagePosition![2]).Distinct().Count(), seg.Frames.Count);
    }

    [Fact]
    public void Maps_the_single_frame_reference_onto_its_source_image()
    {
        var folder = Path.Combine(TestFiles.SharedTestData, "reference-seg-sr");
        var image = DicomFile.Open(Path.Combine(folder, "ct_image.dcm")).Dataset;
        var seg = SegmentationReader.Read(DicomFile.Open(Path.Combine(folder, "seg_image_ct_binary_single_frame.dcm")));
        var byReference = seg.MapToSource(1, [image]);
        var byPosition = seg.MapToSource(1, [image], byPosition: true);
        Assert.NotNull(byReference[0]);
        Assert.Equal(byReference, byPosition);
        Assert.Contains((byte)1, byReference[0]!);
    }

    [Fact]
    public void Rejects_a_data_set_that_is_not_a_segmentation()
    {
        var ct = DicomFile.Open(Path.Combine(TestFiles.SharedTestData, "reference-seg-sr", "ct_image.dcm"));
        var e = Assert.Throws<DicomDataException>(() => SegmentationReader.Read(ct));
        Assert.Contains("(0008,0016)", e.Message, StringComparison.Ordinal);
    }
}
