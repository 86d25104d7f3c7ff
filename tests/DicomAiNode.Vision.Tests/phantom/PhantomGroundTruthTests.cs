using DicomAiNode.Vision.Decoding;
using DicomAiNode.Vision.PostProcessing;

namespace DicomAiNode.Vision.Tests.Phantom;

/// <summary>Post-processing checked against the phantom generator's independent ground truth.</summary>
public class PhantomGroundTruthTests
{
    [Fact]
    public void Linking_the_ground_truth_slices_reproduces_each_findings_voxels_volume_and_mean_hu()
    {
        var study = PhantomStudy.Generate(seed: 4242);
        var classes = new List<string>();
        var perSlice = study.Slices.Select(_ => new List<SliceInstance>()).ToArray();
        foreach (var f in study.Findings)
        {
            string cls = f.GetProperty("class").GetString()!;
            if (!classes.Contains(cls))
            {
                classes.Add(cls);
            }

            int id = f.GetProperty("id").GetInt32();
            for (int k = 0; k < study.Slices.Count; k++)
            {
                var mask = RegionMask.FromRegion(study.Rows, study.Columns, new PixelRect(0, 0, study.Rows, study.Columns), study.Mask(k, id));
                if (mask is not null)
                {
                    perSlice[k].Add(new SliceInstance(k, classes.IndexOf(cls), id, 0, 0, 0, 0, mask));
                }
            }
        }

        var findings = FindingLinker.Link(study.Slices, perSlice, classes, new PostProcessingOptions { MinLinkOverlap = 0.01 });
        foreach (var f in study.Findings)
        {
            int id = f.GetProperty("id").GetInt32();
            // The instance confidence carries the ground-truth id, so the finding can be found again.
            var linked = findings.Where(x => x.Slices.Any(s => (int)s.Confidence == id)).ToList();
            Assert.True(linked.Count == 1, $"finding {id} ({f.GetProperty("class").GetString()}) became {linked.Count} findings");
            var finding = linked[0];
            Assert.Equal(f.GetProperty("voxel_count").GetInt64(), finding.VoxelCount);
            Assert.Equal(f.GetProperty("volume_mm3").GetDouble(), finding.VolumeMm3, 0.051); // findings.json rounds to 0.1 mm³
            var range = f.GetProperty("slice_range").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.Equal(range[0], finding.Slices.Min(s => s.SliceIndex));
            Assert.Equal(range[1], finding.Slices.Max(s => s.SliceIndex));
            // Nominal HU plus noise and blur at the edges: within 60 HU of the generator's value where edges do not
            // dominate (a 5-voxel nodule averages with the lung around it).
            double hu = f.GetProperty("hu").GetDouble();
            Assert.True(finding.VoxelCount < 100 || Math.Abs(finding.MeanValue - hu) < 60, $"finding {id} ({finding.ClassName}): mean {finding.MeanValue:F1} HU, generator {hu} HU");
            // The outer-corner Feret diameter is at least the equivalent-sphere diameter minus a voxel.
            Assert.True(finding.LongestAxialDiameterMm >= f.GetProperty("equivalent_diameter_mm").GetDouble() - (2 * study.Slices[0].RowSpacing) || finding.VoxelCount < 10,
                $"finding {id}: diameter {finding.LongestAxialDiameterMm:F1} mm vs equivalent {f.GetProperty("equivalent_diameter_mm").GetDouble():F1} mm");
        }
    }

    [Fact]
    public void Lung_region_from_hu_contains_the_phantoms_lung_nodules()
    {
        var study = PhantomStudy.Generate(seed: 4243);
        foreach (var f in study.Findings.Where(f => f.GetProperty("class").GetString() == "lung_nodule" && f.GetProperty("voxel_count").GetInt32() >= 20))
        {
            int id = f.GetProperty("id").GetInt32();
            long inside = 0, total = 0;
            for (int k = 0; k < study.Slices.Count; k++)
            {
                var gt = study.Mask(k, id);
                if (!gt.Contains((byte)1))
                {
                    continue;
                }

                var lung = LungRegion.Compute(study.Slices[k]);
                for (int i = 0; i < gt.Length; i++)
                {
                    total += gt[i];
                    inside += gt[i] & lung[i];
                }
            }

            // The generator puts ≥ 60 % of every nodule inside the lung.
            Assert.True(inside >= 0.5 * total, $"nodule {id}: {inside} of {total} voxels inside the lung region");
        }
    }
}
