using System.Diagnostics;
using CsCheck;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.IO;

/// <summary>Property tests: random data sets survive write → read in every uncompressed syntax; arbitrary bytes never crash or hang the reader.</summary>
public class PropertyTests
{
    private static readonly DicomDictionaryEntry[] ElementEntries = DicomDictionary.Entries
        .Where(e => e.ValueRepresentations.Count == 1 && !e.DefaultVR.IsSequence && e.Tag.Group is not (0x0000 or 0x0002 or 0xFFFE)
                    && e.Tag.Element != 0 && e.Tag != DicomTag.SpecificCharacterSet && e.Mask == 0xFFFFFFFF)
        .ToArray();

    private static readonly DicomDictionaryEntry[] SequenceEntries = DicomDictionary.Entries.Where(e => e.DefaultVR.IsSequence).ToArray();

    private static readonly DicomVR[] ElementVRs = DicomVR.All.Where(v => !v.IsSequence).ToArray();

    private static readonly Gen<DicomDataset> Datasets = GenDataset(2, privateTags: false);

    private static readonly Gen<DicomDataset> DatasetsWithPrivateTags = GenDataset(2, privateTags: true);

    [Fact]
    public void Random_data_sets_read_back_equal_in_every_uncompressed_syntax()
    {
        int elements = 0;
        int sequences = 0;
        Datasets.Sample(dataset =>
        {
            elements += dataset.Count;
            sequences += dataset.OfType<DicomSequence>().Count();
            foreach (var syntax in DicomTransferSyntax.Uncompressed)
            {
                DatasetComparer.AssertEqual(dataset, WriteAndRead(dataset, syntax, DicomWriteOptions.Default), compareVR: true, $"{syntax}: ");
            }
        }, iter: 150, threads: 1);
        Assert.True(elements > 300 && sequences > 50, $"the generator produced only {elements} elements and {sequences} sequences");
    }

    [Fact]
    public void Random_data_sets_with_private_tags_read_back_equal_in_explicit_VR_with_any_sequence_length_form()
    {
        DatasetsWithPrivateTags.Sample(dataset =>
        {
            foreach (var syntax in DicomTransferSyntax.Uncompressed.Where(s => s.IsExplicitVR))
            {
                foreach (var form in new[] { DicomLengthEncoding.AsRead, DicomLengthEncoding.Defined, DicomLengthEncoding.Undefined })
                {
                    var options = new DicomWriteOptions { SequenceLength = form };
                    DatasetComparer.AssertEqual(dataset, WriteAndRead(dataset, syntax, options), compareVR: true, $"{syntax} {form}: ");
                }
            }
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void Arbitrary_bytes_give_a_DicomFileException_or_a_data_set_never_a_crash_or_a_hang()
    {
        Gen.Byte.Array[0, 3000].Sample(bytes =>
        {
            foreach (var syntax in DicomTransferSyntax.Uncompressed)
            {
                Bounded(() => DicomReader.ReadDataset(new MemoryStream(bytes), syntax));
                Bounded(() => DicomReader.ReadDataset(new NonSeekableStream(new MemoryStream(bytes)), syntax));
            }
            Bounded(() => DicomFile.Open(new MemoryStream(bytes)));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Corrupted_reference_files_give_a_DicomFileException_or_a_data_set_never_a_crash_or_a_hang()
    {
        var files = new[] { "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "rtplan.dcm", "image_dfl.dcm", "SC_rgb_rle_2frame.dcm" }
            .Select(n => File.ReadAllBytes(TestFiles.Pydicom(n))).ToArray();
        Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, int.MaxValue].Array[1, 6], Gen.Byte.Array[6], Gen.Int[0, 100])
            .Sample((fileIndex, positions, values, cut) =>
            {
                var bytes = (byte[])files[fileIndex].Clone();
                for (int i = 0; i < positions.Length; i++)
                {
                    bytes[positions[i] % bytes.Length] = values[i];
                }
                if (cut < 20)
                {
                    bytes = bytes[..(bytes.Length * cut / 20)];
                }
                Bounded(() =>
                {
                    var file = DicomFile.Open(new MemoryStream(bytes));
                    // Values must also be readable without surprises.
                    foreach (var element in file.Dataset.OfType<DicomElement>())
                    {
                        _ = file.Dataset.TryGetString(element.Tag, out _);
                    }
                });
                Bounded(() => DicomFile.Open(new NonSeekableStream(new MemoryStream(bytes))));
            }, iter: 1500, threads: 1);
    }

    [Fact]
    public void A_lying_length_on_a_non_seekable_stream_allocates_only_what_arrives()
    {
        // (0009,1001) OB with a length of 2 GiB - 64, followed by 100 bytes: an attacker's header.
        var bytes = new byte[12 + 100];
        new byte[] { 0x09, 0x00, 0x01, 0x10, (byte)'O', (byte)'B', 0, 0, 0xC0, 0xFF, 0xFF, 0x7F }.CopyTo(bytes, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DicomFileException>(() =>
            DicomReader.ReadDataset(new NonSeekableStream(new MemoryStream(bytes)), DicomTransferSyntax.ExplicitVRLittleEndian));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("(0009,1001)", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes for a 112-byte input");
        var seekable = Assert.Throws<DicomFileException>(() => DicomReader.ReadDataset(new MemoryStream(bytes), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("only 100 remain", seekable.Message, StringComparison.Ordinal);
    }

    private static DicomDataset WriteAndRead(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions options)
    {
        var stream = new MemoryStream();
        DicomWriter.Write(stream, dataset, syntax, options);
        stream.Position = 0;
        return DicomReader.ReadDataset(stream, syntax);
    }

    private static void Bounded(Action read)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            read();
        }
        catch (DicomFileException)
        {
            // the only acceptable failure
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"reading took {watch.Elapsed}");
    }

    private static Gen<DicomDataset> GenDataset(int depth, bool privateTags)
    {
        var elements = GenElement(privateTags).Array[0, 10];
        var sequences = depth > 0 ? GenSequence(depth, privateTags).Array[0, 2] : Gen.Const(Array.Empty<DicomSequence>());
        return Gen.Select(elements, sequences, Gen.Bool, (e, s, undefined) =>
        {
            var dataset = new DicomDataset { HasUndefinedLength = undefined };
            foreach (var item in e.Cast<DicomItem>().Concat(s))
            {
                if (item.Tag.IsPrivate && !dataset.Contains(new DicomTag(item.Tag.Group, 0x0010)))
                {
                    dataset.Add(new DicomElement(new DicomTag(item.Tag.Group, 0x0010), DicomVR.LO, "RANDOM TESTS"u8.ToArray()));
                }
                dataset.AddOrUpdate(item);
            }
            return dataset;
        });
    }

    private static Gen<DicomSequence> GenSequence(int depth, bool privateTags) =>
        Gen.Select(Gen.Int[0, SequenceEntries.Length - 1], GenDataset(depth - 1, privateTags).Array[0, 3], Gen.Bool,
            (i, items, undefined) => new DicomSequence(SequenceEntries[i].Tag, items) { HasUndefinedLength = undefined });

    private static Gen<DicomElement> GenElement(bool privateTags)
    {
        var standard = Gen.Int[0, ElementEntries.Length - 1].SelectMany(i => GenValue(ElementEntries[i].DefaultVR)
            .Select(bytes => new DicomElement(ElementEntries[i].Tag, ElementEntries[i].DefaultVR, bytes)));
        if (!privateTags)
        {
            return standard;
        }
        var @private = Gen.Select(Gen.Int[0, ElementVRs.Length - 1], Gen.Int[0x1000, 0x10FF])
            .SelectMany((v, element) => GenValue(ElementVRs[v]).Select(bytes => new DicomElement(new DicomTag(0x0009, (ushort)element), ElementVRs[v], bytes)));
        return Gen.Frequency((3, standard), (1, @private));
    }

    private static Gen<byte[]> GenValue(DicomVR vr)
    {
        if (vr.IsBinary)
        {
            int unit = vr == DicomVR.AT ? 4 : Math.Max(2, vr.UnitSize);
            return Gen.Int[0, 6].SelectMany(n => Gen.Byte.Array[n * unit]);
        }
        const string text = "ABCXYZ0123456789 .-_^";
        string alphabet = vr == DicomVR.UI ? "0123456789." : vr.IsMultiValued ? text + "\\" : text + "\r\n\\";
        int max = (int)Math.Min(vr.MaximumLength == 0 ? 80 : vr.MaximumLength, 80);
        return Gen.OneOf(alphabet.ToCharArray()).Array[0, max].Select(chars =>
        {
            var bytes = chars.Select(c => (byte)c).ToList();
            if ((bytes.Count & 1) == 1)
            {
                bytes.Add(vr.PaddingByte);
            }
            return bytes.ToArray();
        });
    }
}
