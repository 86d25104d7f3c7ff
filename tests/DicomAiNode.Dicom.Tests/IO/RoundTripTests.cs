using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.IO;

public class RoundTripTests
{
    public static TheoryData<string> Files => new()
    {
        "CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "ExplVR_BigEnd.dcm",
        "rtplan.dcm", "rtdose.dcm", "rtstruct.dcm", "test-SR.dcm", "SC_rgb_rle_2frame.dcm", "JPEG2000.dcm", "waveform_ecg.dcm",
        "UN_sequence.dcm", "MR_small_RLE.dcm",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Writes_the_data_set_byte_for_byte_as_read_when_the_transfer_syntax_is_unchanged(string name)
    {
        var path = TestFiles.Pydicom(name);
        var file = DicomFile.Open(path);
        var written = new MemoryStream();
        DicomWriter.Write(written, file.Dataset, file.TransferSyntax);
        var original = File.ReadAllBytes(path);
        var ours = written.ToArray();
        if (name == "UN_sequence.dcm")
        {
            // The UN sequence is written as SQ (its VR once decoded): only a read-back comparison applies.
            written.Position = 0;
            DatasetComparer.AssertEqual(file.Dataset, DicomReader.ReadDataset(written, file.TransferSyntax), compareVR: false);
            return;
        }
        Assert.True(original.AsSpan(original.Length - ours.Length).SequenceEqual(ours),
            $"{name}: the {ours.Length} bytes written differ from the end of the original file");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Saves_and_reopens_a_file_with_every_element_preserved(string name)
    {
        var file = DicomFile.Open(TestFiles.Pydicom(name));
        var folder = TestFiles.TemporaryFolder();
        try
        {
            var target = Path.Combine(folder, "copy.dcm");
            file.Save(target);
            var reread = DicomFile.Open(target);
            Assert.Equal(file.TransferSyntax, reread.TransferSyntax);
            DatasetComparer.AssertEqual(file.Dataset, reread.Dataset, compareVR: name != "UN_sequence.dcm");
            Assert.Equal(DicomImplementation.ClassUid, reread.FileMetaInfo.GetString(DicomTag.ImplementationClassUID));
            Assert.Equal(DicomImplementation.VersionName, reread.FileMetaInfo.GetString(DicomTag.ImplementationVersionName));
            Assert.Equal(file.Dataset.GetStringOrDefault(DicomTag.SOPInstanceUID, file.FileMetaInfo.GetStringOrDefault(DicomTag.MediaStorageSOPInstanceUID)),
                reread.FileMetaInfo.GetString(DicomTag.MediaStorageSOPInstanceUID));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData("MR_small.dcm")]
    [InlineData("CT_small.dcm")]
    [InlineData("rtplan.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    public void Transcodes_between_the_uncompressed_transfer_syntaxes(string name)
    {
        var original = DicomFile.Open(TestFiles.Pydicom(name));
        foreach (var first in DicomTransferSyntax.Uncompressed)
        {
            foreach (var second in DicomTransferSyntax.Uncompressed)
            {
                var once = Reread(original.ChangeTransferSyntax(first));
                Assert.Equal(first, once.TransferSyntax);
                var twice = Reread(once.ChangeTransferSyntax(second));
                // Implicit VR loses VRs the dictionary does not know (private tags come back as UN).
                bool viaImplicit = !first.IsExplicitVR || !second.IsExplicitVR || !original.TransferSyntax.IsExplicitVR;
                DatasetComparer.AssertEqual(original.Dataset, twice.Dataset, compareVR: !viaImplicit, $"{first}→{second}: ");
            }
        }
    }

    [Fact]
    public async Task Writes_and_reads_asynchronously_through_streams()
    {
        var file = DicomFile.Open(TestFiles.Pydicom("CT_small.dcm"));
        var stream = new MemoryStream();
        await file.SaveAsync(stream, cancellationToken: CancellationToken.None);
        stream.Position = 0;
        var reread = await DicomFile.OpenAsync(new NonSeekableStream(stream), cancellationToken: CancellationToken.None);
        DatasetComparer.AssertEqual(file.Dataset, reread.Dataset);
    }

    [Fact]
    public void Writes_sequences_with_defined_or_undefined_lengths_on_request()
    {
        var ds = DicomFile.Open(TestFiles.Pydicom("rtplan.dcm")).Dataset;
        foreach (var form in new[] { DicomLengthEncoding.Defined, DicomLengthEncoding.Undefined })
        {
            var stream = new MemoryStream();
            DicomWriter.Write(stream, ds, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { SequenceLength = form });
            stream.Position = 0;
            var back = DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian);
            DatasetComparer.AssertEqual(ds, back);
            Assert.Equal(form == DicomLengthEncoding.Undefined, back.GetSequence(DicomTag.BeamSequence).HasUndefinedLength);
        }
    }

    private static DicomFile Reread(DicomFile file)
    {
        var stream = new MemoryStream();
        file.Save(stream);
        stream.Position = 0;
        return DicomFile.Open(stream);
    }
}
