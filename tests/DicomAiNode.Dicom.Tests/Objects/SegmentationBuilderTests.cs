using CsCheck;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;
using DicomAiNode.Dicom.Objects;

namespace DicomAiNode.Dicom.Tests.Objects;

public sealed class SegmentationBuilderTests
{
    [Fact]
    public void Packs_one_bit_frames_without_padding_between_frames()
    {
        // seg-sr-facts §2.5: 5×5 pixels × 3 frames = 75 bits → exactly 10 bytes.
        var sources = SyntheticSeries.Create(5, 5, 3);
        var builder = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm);
        builder.AddSegment(SyntheticSeries.Nodule(1), [Full(25), Full(25), Full(25)]);
        var ds = builder.Build();
        var pixelData = (DicomElement)ds.GetItem(DicomTag.PixelData)!;
        Assert.Equal(10, pixelData.Length);
        Assert.Equal("3", ds.GetString(DicomTag.NumberOfFrames));
        // 75 set bits then 5 zero bits of padding: 9 bytes 0xFF, then 0b0000_0111, then the even-length pad.
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], pixelData.Buffer.Data.ToArray());
    }

    [Fact]
    public void Writes_frames_only_where_a_segment_is_present_unless_asked_for_all()
    {
        var sources = SyntheticSeries.Create(8, 8, 5);
        var masks = new byte[]?[] { null, SyntheticSeries.Disk(8, 8, 4, 4, 2), null, SyntheticSeries.Disk(8, 8, 2, 2, 1), null };
        var sparse = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm);
        sparse.AddSegment(SyntheticSeries.Nodule(1), masks);
        Assert.Equal("2", sparse.Build().GetString(DicomTag.NumberOfFrames));

        var all = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm) { IncludeEmptyFrames = true };
        all.AddSegment(SyntheticSeries.Nodule(1), masks);
        var ds = all.Build();
        Assert.Equal("5", ds.GetString(DicomTag.NumberOfFrames));
        var read = SegmentationReader.Read(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(masks.Select(m => m ?? new byte[64]), read.MapToSource(1, sources));
    }

    [Fact]
    public void Round_trips_arbitrary_masks_through_the_reader()
    {
        Gen.Select(Gen.Int[1, 9], Gen.Int[1, 9], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[0, int.MaxValue])
            .Sample((rows, columns, slices, segments, seed) =>
            {
                var random = new Random(seed);
                var sources = SyntheticSeries.Create(rows, columns, slices, seed: $"prop {rows} {columns} {slices}");
                var builder = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm);
                var expected = new List<byte[]?[]>();
                for (int s = 0; s < segments; s++)
                {
                    var masks = new byte[]?[slices];
                    for (int k = 0; k < slices; k++)
                    {
                        if (random.Next(3) == 0)
                        {
                            continue;
                        }
                        masks[k] = new byte[rows * columns];
                        for (int p = 0; p < masks[k]!.Length; p++)
                        {
                            masks[k]![p] = (byte)(random.Next(2));
                        }
                    }
                    builder.AddSegment(SyntheticSeries.Nodule(s + 1), masks);
                    expected.Add(masks);
                }
                var ds = builder.Build();
                var frames = int.Parse(ds.GetString(DicomTag.NumberOfFrames), System.Globalization.CultureInfo.InvariantCulture);
                long bytes = ((((long)rows * columns * frames) + 7) / 8) + 1 & ~1L;
                Assert.Equal(bytes, ((DicomElement)ds.GetItem(DicomTag.PixelData)!).Length);

                using var stream = new MemoryStream();
                new DicomFile(ds).Save(stream);
                stream.Position = 0;
                var read = SegmentationReader.Read(DicomFile.Open(stream));
                for (int s = 0; s < segments; s++)
                {
                    var got = read.MapToSource(s + 1, sources);
                    for (int k = 0; k < slices; k++)
                    {
                        bool present = expected[s][k] is { } m && m.Contains((byte)1);
                        if (present)
                        {
                            Assert.Equal(expected[s][k], got[k]);
                        }
                        else
                        {
                            Assert.True(got[k] is null || !got[k]!.Contains((byte)1));
                        }
                    }
                }
            }, iter: 60);
    }

    [Fact]
    public void Derives_the_same_uids_from_the_same_series_rule_and_model()
    {
        var a = DerivedUids.Instance("1.2.3", "chest-ct-lung", "model@abc", "SEG");
        Assert.Equal(a, DerivedUids.Instance("1.2.3", "chest-ct-lung", "model@abc", "SEG"));
        Assert.NotEqual(a, DerivedUids.Instance("1.2.3", "chest-ct-lung", "model@abd", "SEG"));
        Assert.NotEqual(a, DerivedUids.Instance("1.2.3", "other-rule", "model@abc", "SEG"));
        Assert.NotEqual(a, DerivedUids.Series("1.2.3", "chest-ct-lung", "model@abc", "SEG"));
        Assert.NotEqual(a, DerivedUids.Instance("1.2.3", "chest-ct-lung", "model@abc", "SR"));
        Assert.True(DicomUID.IsValid(a));
    }

    [Fact]
    public void Rejects_masks_of_the_wrong_size_naming_the_segment()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        var builder = new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm);
        var e = Assert.Throws<ArgumentException>(() => builder.AddSegment(SyntheticSeries.Nodule(1), [new byte[15], null]));
        Assert.Contains("Nodule 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_source_images_without_patient_geometry()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        sources[1].Remove(DicomTag.ImagePositionPatient);
        var e = Assert.Throws<ArgumentException>(() => new SegmentationBuilder(sources, SyntheticSeries.Equipment, SyntheticSeries.Algorithm));
        Assert.Contains("(0020,0032)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Converts_colours_to_CIELab_and_back()
    {
        foreach (var (r, g, b) in new[] { (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (30, 144, 255) })
        {
            var lab = CieLabColor.FromRgb((byte)r, (byte)g, (byte)b);
            var back = lab.ToRgb();
            Assert.InRange(back.Red, r - 1, r + 1);
            Assert.InRange(back.Green, g - 1, g + 1);
            Assert.InRange(back.Blue, b - 1, b + 1);
        }
        // PS3.3 C.10.7.1.1: white is L* 100 (65535), a* = b* = 0 (128/255 of 65535).
        var white = CieLabColor.FromRgb(255, 255, 255);
        Assert.Equal(65535, white.L);
        Assert.InRange(white.A, 32895, 32898);
        Assert.InRange(white.B, 32895, 32898);
    }

    private static byte[] Full(int n) => Enumerable.Repeat((byte)1, n).ToArray();
}
