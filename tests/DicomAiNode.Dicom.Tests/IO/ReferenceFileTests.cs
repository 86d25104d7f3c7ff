using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.IO;

public class ReferenceFileTests
{
    public static TheoryData<string, string> WellFormed => new()
    {
        { "CT_small.dcm", "1.2.840.10008.1.2.1" },
        { "MR_small.dcm", "1.2.840.10008.1.2.1" },
        { "MR_small_implicit.dcm", "1.2.840.10008.1.2" },
        { "MR_small_bigendian.dcm", "1.2.840.10008.1.2.2" },
        { "MR_small_expb.dcm", "1.2.840.10008.1.2.2" },
        { "MR_small_RLE.dcm", "1.2.840.10008.1.2.5" },
        { "MR_small_padded.dcm", "1.2.840.10008.1.2.1" },
        { "image_dfl.dcm", "1.2.840.10008.1.2.1.99" },
        { "ExplVR_BigEnd.dcm", "1.2.840.10008.1.2.2" },
        { "ExplVR_BigEndNoMeta.dcm", "1.2.840.10008.1.2.2" },
        { "ExplVR_LitEndNoMeta.dcm", "1.2.840.10008.1.2.1" },
        { "UN_sequence.dcm", "1.2.840.10008.1.2.4.70" },
        { "priv_SQ.dcm", "1.2.840.10008.1.2" },
        { "nested_priv_SQ.dcm", "1.2.840.10008.1.2" },
        { "meta_missing_tsyntax.dcm", "1.2.840.10008.1.2" },
        { "no_meta_group_length.dcm", "1.2.840.10008.1.2" },
        { "empty_charset_LEI.dcm", "1.2.840.10008.1.2" },
        { "badVR.dcm", "1.2.840.10008.1.2.1" },
        { "rtplan.dcm", "1.2.840.10008.1.2" },
        { "rtstruct.dcm", "1.2.840.10008.1.2" },
        { "rtdose.dcm", "1.2.840.10008.1.2" },
        { "test-SR.dcm", "1.2.840.10008.1.2.1" },
        { "JPEG2000.dcm", "1.2.840.10008.1.2.4.91" },
        { "JPEG2000-embedded-sequence-delimiter.dcm", "1.2.840.10008.1.2.4.91" },
        { "waveform_ecg.dcm", "1.2.840.10008.1.2.1" },
        { "SC_rgb_rle_2frame.dcm", "1.2.840.10008.1.2.5" },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void Reads_pydicom_reference_files(string name, string transferSyntax)
    {
        var file = DicomFile.Open(TestFiles.Pydicom(name));
        Assert.Equal(transferSyntax, file.TransferSyntax.UID.UID);
        Assert.True(file.Dataset.Count > 0, $"{name}: no elements");
    }

    [Fact]
    public void Reads_values_of_CT_small_as_pydicom_does()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("CT_small.dcm")).Dataset;
        Assert.Equal("CompressedSamples^CT1", ds.GetString(DicomTag.PatientName));
        Assert.Equal(128, ds.GetValue<int>(DicomTag.Rows));
        Assert.Equal(-1024.0, ds.GetValue<double>(DicomTag.RescaleIntercept));
        Assert.Equal(2, ds.GetSequence(DicomTag.OtherPatientIDsSequence).Items.Count);
        Assert.Equal("GEMS_IDEN_01", ds.GetPrivateCreator(new DicomTag(0x0009, 0x1001)));
        var pixels = ds.GetElement(DicomTag.PixelData);
        Assert.True(pixels.Buffer.IsLazy, "pixel data of a file stays on disk until asked for");
        Assert.Equal(128 * 128 * 2, pixels.Length);
        Assert.Equal(128 * 128 * 2, pixels.Buffer.Data.Length);
    }

    [Fact]
    public void Reads_the_same_values_from_little_and_big_endian_and_implicit_files()
    {
        var reference = DicomFile.Open(TestFiles.Pydicom("MR_small.dcm")).Dataset;
        foreach (var name in new[] { "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm" })
        {
            var other = DicomFile.Open(TestFiles.Pydicom(name)).Dataset;
            Assert.Equal(reference.GetString(DicomTag.PatientName), other.GetString(DicomTag.PatientName));
            Assert.Equal(reference.GetValues<double>(DicomTag.ImagePositionPatient), other.GetValues<double>(DicomTag.ImagePositionPatient));
            Assert.Equal(reference.GetValue<int>(DicomTag.Columns), other.GetValue<int>(DicomTag.Columns));
            Assert.Equal(reference.GetElement(DicomTag.PixelData).Buffer.Data.ToArray(), other.GetElement(DicomTag.PixelData).Buffer.Data.ToArray());
        }
    }

    [Fact]
    public void Reads_a_deflated_file()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("image_dfl.dcm")).Dataset;
        Assert.True(ds.Contains(DicomTag.PixelData));
        Assert.Equal(ds.GetValue<int>(DicomTag.Rows) * ds.GetValue<int>(DicomTag.Columns), ds.GetElement(DicomTag.PixelData).Length);
    }

    [Fact]
    public void Reads_encapsulated_pixel_data_as_fragments()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("SC_rgb_rle_2frame.dcm")).Dataset;
        var fragments = Assert.IsType<DicomFragmentSequence>(ds.GetItem(DicomTag.PixelData));
        Assert.Equal(2, fragments.Fragments.Count);
        Assert.Equal(2, fragments.GetFrameFragments(ds, 2).Count);
    }

    [Fact]
    public void Reads_a_UN_sequence_as_a_sequence_in_implicit_VR()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("UN_sequence.dcm")).Dataset;
        var sq = ds.GetSequence(new DicomTag(0x4453, 0x100C));
        Assert.Single(sq.Items);
        Assert.True(sq.Items[0].TryGetSequence(DicomTag.ReferencedSeriesSequence, out _));
    }

    [Fact]
    public void Reads_a_private_sequence_of_an_implicit_VR_file()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("priv_SQ.dcm")).Dataset;
        var sq = ds.GetSequence(new DicomTag(0x3F03, 0x1001));
        Assert.Equal("[aaabbbccc MEDICAL SYSTEMS]", "[" + ds.GetString(new DicomTag(0x3F03, 0x0010)) + "]");
        Assert.NotEmpty(sq.Items);
    }

    [Theory]
    [InlineData("MR_truncated.dcm", "(7FE0,0010) PixelData")]
    [InlineData("rtplan_truncated.dcm", "truncated")]
    [InlineData("no_meta.dcm", "claims")]
    public void Rejects_truncated_or_corrupt_files_with_a_message_naming_the_file(string name, string expected)
    {
        var e = Assert.Throws<DicomFileException>(() => DicomFile.Open(TestFiles.Pydicom(name)));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_before_pixel_data_when_asked()
    {
        var file = DicomFile.Open(TestFiles.Pydicom("CT_small.dcm"), DicomReadOptions.Default with { StopAtTag = DicomTag.PixelData });
        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.True(file.Dataset.Contains(DicomTag.Rows));
    }

    [Fact]
    public void Reads_every_file_of_the_shared_test_data()
    {
        int count = 0;
        foreach (var path in Directory.EnumerateFiles(TestFiles.SharedTestData, "*.dcm", SearchOption.AllDirectories))
        {
            var file = DicomFile.Open(path);
            Assert.True(file.Dataset.Contains(DicomTag.SOPInstanceUID), path);
            count++;
        }
        Assert.True(count >= 10, $"only {count} files");
    }

    [Fact]
    public void Gives_private_elements_of_implicit_VR_files_the_VR_of_their_creators_dictionary()
    {
        // dcm_qa_ts/2.dcm (implicit VR) carries Siemens private groups; 1.dcm, the same slice in explicit VR, says their VRs.
        var implicitFile = DicomFile.Open(Path.Combine(TestFiles.SharedTestData, "dcm_qa_ts", "2.dcm")).Dataset;
        var explicitFile = DicomFile.Open(Path.Combine(TestFiles.SharedTestData, "dcm_qa_ts", "1.dcm")).Dataset;
        int known = 0;
        int agree = 0;
        foreach (var item in implicitFile.Where(i => i.Tag.IsPrivate && !i.Tag.IsPrivateCreator))
        {
            if (item.VR != DicomVR.UN)
            {
                known++;
                agree += explicitFile.GetItem(item.Tag)!.VR == item.VR ? 1 : 0;
            }
        }
        // Private dictionaries are collected, not normative: a few VRs differ from what this vendor wrote (SH vs LO).
        Assert.True(known >= 10, $"only {known} private elements of dcm_qa_ts/2.dcm were found in the private dictionary");
        Assert.True(agree >= known * 0.8, $"only {agree} of {known} private VRs agree with the explicit VR file");
        Assert.True(DicomPrivateDictionary.TryLookup("GEMS_IDEN_01", new DicomTag(0x0009, 0x1001), out var entry));
        Assert.Equal(DicomVR.LO, entry.DefaultVR);
    }
}
