using System.Text.Json;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;
using DicomAiNode.Dicom.Tests.Imaging;

namespace DicomAiNode.Dicom.Tests.Objects;

/// <summary>SEGs written over real series (phantom, pydicom's CT_small, highdicom's ct_image) checked by dciodvfy, pydicom and our reader.</summary>
public sealed class SegmentationFileTests
{
    /// <summary>pydicom 2.3 reads a SEG: per frame its segment number, position and source reference; pixel_array to a raw file.</summary>
    private const string PydicomFrames = """
        import json, sys, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1])
        arr = ds.pixel_array.astype(np.uint8)
        n = int(getattr(ds, 'NumberOfFrames', 1))
        arr = arr.reshape(n, ds.Rows, ds.Columns)
        arr.tofile(sys.argv[2])
        shared = ds.SharedFunctionalGroupsSequence[0] if 'SharedFunctionalGroupsSequence' in ds else None
        out = []
        for i in range(n):
            fg = ds.PerFrameFunctionalGroupsSequence[i]
            seg = (fg.SegmentIdentificationSequence if 'SegmentIdentificationSequence' in fg else shared.SegmentIdentificationSequence)[0].ReferencedSegmentNumber
            ipp = [float(v) for v in fg.PlanePositionSequence[0].ImagePositionPatient] if 'PlanePositionSequence' in fg else None
            ref = None
            if 'DerivationImageSequence' in fg:
                ref = fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
            out.append({'segment': int(seg), 'position': ipp, 'source': ref})
        print(json.dumps({'frames': out, 'labels': [s.SegmentLabel for s in ds.SegmentSequence]}))
        """;

    [Fact]
    public void Segmentation_from_phantom_ground_truth_overlays_the_source_exactly()
    {
        using var phantom = PhantomStudy.Generate(seed: 11, slices: 20, size: 96, thickness: 2.5);
        var sources = phantom.Datasets;
        var builder = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm)
        {
            SeriesInstanceUid = DerivedUids.Series(sources[0].GetString(DicomTag.SeriesInstanceUID), "ground-truth", "labels.npz", "SEG"),
            SopInstanceUid = DerivedUids.Instance(sources[0].GetString(DicomTag.SeriesInstanceUID), "ground-truth", "labels.npz", "SEG"),
        };
        var ids = phantom.FindingIds;
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            builder.AddSegment(SyntheticSeries.Nodule(id) with { Label = $"Finding {id}" }, phantom.MasksOf(id));
        }
        var path = Path.Combine(phantom.Root, "seg.dcm");
        builder.BuildFile().Save(path);
        Validators.AssertValid(path);

        // Read back by Image Position (Patient) only: the geometry alone must put every voxel back in place.
        var read = SegmentationReader.Read(DicomFile.Open(path));
        Assert.Equal(ids.Length, read.Segments.Count);
        for (int s = 0; s < ids.Length; s++)
        {
            var expected = phantom.MasksOf(ids[s]);
            var byPosition = read.MapToSource(s + 1, sources, byPosition: true);
            Assert.Equal(1.0, Dice(expected, byPosition), 12);
            Assert.Equal(expected, read.MapToSource(s + 1, sources));
        }
        AssertPydicomReadsTheSameMasks(path, sources, ids.Select(phantom.MasksOf).ToList());
    }

    [Theory]
    [InlineData("pydicom:CT_small.dcm")]
    [InlineData("shared:reference-seg-sr/ct_image.dcm")]
    public void Segmentation_of_a_real_ct_image_is_valid_and_reads_back(string source)
    {
        var file = DicomFile.Open(source.StartsWith("pydicom:", StringComparison.Ordinal)
            ? PyDicomPeer.TestFile(source["pydicom:".Length..])
            : Path.Combine(TestFiles.SharedTestData, source["shared:".Length..]));
        var image = file.Dataset;
        int rows = image.GetValue<int>(DicomTag.Rows), columns = image.GetValue<int>(DicomTag.Columns);
        var masks = new List<byte[]?[]>
        {
            new[] { SyntheticSeries.Disk(rows, columns, rows / 2, columns / 2, rows / 6) },
            new[] { SyntheticSeries.Disk(rows, columns, rows / 4, columns / 3, 3) },
        };
        var builder = new SegmentationBuilder([image], SyntheticSeries.Equipment, SyntheticSeries.Algorithm);
        builder.AddSegment(SyntheticSeries.Nodule(1), masks[0]);
        builder.AddSegment(SyntheticSeries.Nodule(2), masks[1]);
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var path = Path.Combine(folder, "seg.dcm");
            builder.BuildFile().Save(path);
            Validators.AssertValid(path);
            var read = SegmentationReader.Read(DicomFile.Open(path));
            Assert.Equal(masks[0], read.MapToSource(1, [image]));
            Assert.Equal(masks[1], read.MapToSource(2, [image]));
            Assert.Equal(image.GetString(DicomTag.StudyInstanceUID), DicomFile.Open(path).Dataset.GetString(DicomTag.StudyInstanceUID));
            AssertPydicomReadsTheSameMasks(path, [image], masks);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>pydicom's pixel_array of our SEG, frame by frame, equals the mask we wrote for the frame's source image.</summary>
    private static void AssertPydicomReadsTheSameMasks(string path, IReadOnlyList<DicomDataset> sources, IReadOnlyList<byte[]?[]> masks)
    {
        var raw = path + ".raw";
        using var json = JsonDocument.Parse(PyDicomPeer.Run(PydicomFrames, path, raw));
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().ToList();
        var pixels = File.ReadAllBytes(raw);
        int rows = sources[0].GetValue<int>(DicomTag.Rows), columns = sources[0].GetValue<int>(DicomTag.Columns), n = rows * columns;
        Assert.Equal(frames.Count * n, pixels.Length);
        var uids = sources.Select(s => s.GetString(DicomTag.SOPInstanceUID)).ToList();
        var seen = new HashSet<(int, int)>();
        for (int f = 0; f < frames.Count; f++)
        {
            int segment = frames[f].GetProperty("segment").GetInt32();
            int image = uids.IndexOf(frames[f].GetProperty("source").GetString()!);
            Assert.True(image >= 0, $"pydicom: frame {f + 1} references no source image");
            var expected = masks[segment - 1][image] ?? new byte[n];
            Assert.True(expected.AsSpan().SequenceEqual(pixels.AsSpan(f * n, n)), $"pydicom: frame {f + 1} (segment {segment}, image {image}) differs");
            seen.Add((segment, image));
        }
        for (int s = 0; s < masks.Count; s++)
        {
            for (int k = 0; k < sources.Count; k++)
            {
                if (masks[s][k] is { } m && m.Contains((byte)1))
                {
                    Assert.Contains((s + 1, k), seen);
                }
            }
        }
    }

    private static double Dice(byte[]?[] a, byte[]?[] b)
    {
        long both = 0, sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            for (int p = 0; p < (a[k]?.Length ?? b[k]?.Length ?? 0); p++)
            {
                int x = a[k]?[p] ?? 0, y = b[k]?[p] ?? 0;
                both += x & y;
                sum += x + y;
            }
        }
        return sum == 0 ? 1.0 : 2.0 * both / sum;
    }
}
