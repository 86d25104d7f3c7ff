using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Tests.Data;

public class DicomDatasetTests
{
    [Fact]
    public void Keeps_items_ordered_by_tag()
    {
        var ds = new DicomDataset()
            .Add(DicomTag.PatientID, "123")
            .Add(DicomTag.Modality, "CT")
            .Add(DicomTag.PatientName, "Doe^John");
        Assert.Equal([DicomTag.Modality, DicomTag.PatientName, DicomTag.PatientID], ds.Select(i => i.Tag).ToArray());
    }

    [Fact]
    public void Chooses_the_VR_from_the_dictionary_and_reads_values_back()
    {
        var ds = new DicomDataset()
            .Add(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .Add(DicomTag.Rows, (ushort)512)
            .Add(DicomTag.SliceThickness, 1.25)
            .Add(DicomTag.InstanceNumber, 17)
            .Add(DicomTag.ImagePositionPatient, -12.5, 3.0, 0.1)
            .Add(DicomTag.SOPClassUID, DicomUID.CTImageStorage)
            .Add(DicomTag.StudyDate, new DateTime(2024, 3, 1))
            .Add(DicomTag.StudyTime, new TimeOnly(13, 45, 7, 250));
        Assert.Equal(DicomVR.CS, ds.GetItem(DicomTag.ImageType)!.VR);
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(DicomTag.ImageType));
        Assert.Equal(@"ORIGINAL\PRIMARY\AXIAL", ds.GetString(DicomTag.ImageType));
        Assert.Equal(512, ds.GetValue<int>(DicomTag.Rows));
        Assert.Equal(1.25, ds.GetValue<double>(DicomTag.SliceThickness));
        Assert.Equal(17, ds.GetValue<int>(DicomTag.InstanceNumber));
        Assert.Equal([-12.5, 3.0, 0.1], ds.GetValues<double>(DicomTag.ImagePositionPatient));
        Assert.Equal(0.1m, ds.GetValue<decimal>(DicomTag.ImagePositionPatient, 2));
        Assert.Equal(DicomUID.CTImageStorage, ds.GetValue<DicomUID>(DicomTag.SOPClassUID));
        Assert.Equal(new DateTime(2024, 3, 1, 13, 45, 7, 250), ds.GetDateTime(DicomTag.StudyDate, DicomTag.StudyTime));
        Assert.Equal("20240301", ds.GetString(DicomTag.StudyDate));
    }

    [Fact]
    public void Picks_SS_for_signed_values_of_US_or_SS_attributes()
    {
        var ds = new DicomDataset().Add(DicomTag.SmallestImagePixelValue, (short)-1024);
        Assert.Equal(DicomVR.SS, ds.GetItem(DicomTag.SmallestImagePixelValue)!.VR);
        Assert.Equal(-1024, ds.GetValue<int>(DicomTag.SmallestImagePixelValue));
    }

    [Fact]
    public void Pads_values_to_even_length_with_the_padding_of_the_VR()
    {
        var ds = new DicomDataset().Add(DicomTag.PatientID, "ABC").Add(DicomTag.SOPInstanceUID, "1.2.3");
        Assert.Equal("ABC "u8.ToArray(), ds.GetElement(DicomTag.PatientID).Buffer.Data.ToArray());
        Assert.Equal("1.2.3\0"u8.ToArray(), ds.GetElement(DicomTag.SOPInstanceUID).Buffer.Data.ToArray());
        Assert.Equal("ABC", ds.GetString(DicomTag.PatientID));
        Assert.Equal("1.2.3", ds.GetString(DicomTag.SOPInstanceUID));
    }

    [Fact]
    public void Names_the_tag_when_an_element_is_missing_or_has_the_wrong_VR()
    {
        var ds = new DicomDataset().Add(DicomTag.PatientName, "Doe^John")
            .Add(DicomTag.ReferencedSeriesSequence, new DicomDataset().Add(DicomTag.SeriesInstanceUID, "1.2"));
        var missing = Assert.Throws<DicomDataException>(() => ds.GetString(DicomTag.PatientID));
        Assert.Contains("(0010,0020) PatientID", missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<DicomDataException>(() => ds.GetValue<int>(DicomTag.PatientName));
        Assert.Contains("(0010,0010) PatientName", wrong.Message, StringComparison.Ordinal);
        var notSequence = Assert.Throws<DicomDataException>(() => ds.GetSequence(DicomTag.PatientName));
        Assert.Contains("not SQ", notSequence.Message, StringComparison.Ordinal);
        Assert.Throws<DicomDataException>(() => ds.GetString(DicomTag.ReferencedSeriesSequence));
        Assert.Throws<DicomDataException>(() => ds.Add(DicomTag.PatientName, "Again"));
        Assert.Throws<DicomDataException>(() => new DicomDataset().Add(DicomTag.Rows, "many"));
        Assert.Throws<DicomDataException>(() => new DicomDataset().Add(DicomTag.ImageComments, "A", "B"));
        Assert.False(ds.TryGetValue<int>(DicomTag.PatientName, out _));
        Assert.Equal(7, ds.GetSingleValueOrDefault(DicomTag.Rows, 7));
    }

    [Fact]
    public void Holds_sequences_of_nested_items()
    {
        var item = new DicomDataset().Add(DicomTag.ReferencedSOPInstanceUID, "1.2.3");
        var ds = new DicomDataset().Add(DicomTag.ReferencedImageSequence, item, new DicomDataset());
        var sq = ds.GetSequence(DicomTag.ReferencedImageSequence);
        Assert.Equal(2, sq.Items.Count);
        Assert.Equal("1.2.3", sq.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void Reserves_private_blocks_for_private_creators()
    {
        var ds = new DicomDataset();
        var tag = ds.GetPrivateTag(0x0011, "DICOMAINODE", 0x01);
        Assert.Equal(new DicomTag(0x0011, 0x1001), tag);
        ds.Add(tag, DicomVR.LO, "model-v1");
        var second = ds.GetPrivateTag(0x0011, "OTHER", 0x01);
        Assert.Equal(new DicomTag(0x0011, 0x1101), second);
        Assert.Equal("DICOMAINODE", ds.GetPrivateCreator(tag));
        Assert.Equal(tag, ds.GetPrivateTag(0x0011, "DICOMAINODE", 0x01));
        Assert.Throws<DicomDataException>(() => ds.Add(new DicomTag(0x0011, 0x1005), "no VR"));
    }

    [Fact]
    public void Reads_person_names_by_component()
    {
        var ds = new DicomDataset().Add(DicomTag.PatientName, new DicomPersonName("Doe", "John", NamePrefix: "Dr"));
        Assert.Equal("Doe^John^^Dr", ds.GetString(DicomTag.PatientName));
        var pn = ds.GetPersonName(DicomTag.PatientName);
        Assert.Equal("Doe", pn.FamilyName);
        Assert.Equal("John", pn.GivenName);
    }

    [Fact]
    public void Rejects_non_ASCII_text_without_a_specific_character_set()
    {
        var ds = new DicomDataset();
        var e = Assert.Throws<DicomDataException>(() => ds.Add(DicomTag.PatientName, "Müller"));
        Assert.Contains("Specific Character Set", e.Message, StringComparison.Ordinal);
        ds.Add(DicomTag.SpecificCharacterSet, "ISO_IR 192").Add(DicomTag.PatientName, "Müller^Jürgen");
        Assert.Equal("Müller^Jürgen", ds.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Writes_numbers_of_every_binary_VR()
    {
        var ds = new DicomDataset()
            .Add(new DicomTag(0x0009, 0x0010), DicomVR.LO, "TEST")
            .Add(new DicomTag(0x0009, 0x1001), DicomVR.SV, -5L, long.MaxValue)
            .Add(new DicomTag(0x0009, 0x1002), DicomVR.UV, ulong.MaxValue)
            .Add(new DicomTag(0x0009, 0x1003), DicomVR.FL, 1.5f)
            .Add(new DicomTag(0x0009, 0x1004), DicomVR.OD, 2.5, -3.5)
            .Add(new DicomTag(0x0009, 0x1005), DicomVR.AT, DicomTag.PatientID)
            .Add(new DicomTag(0x0009, 0x1006), DicomVR.OB, (byte)1, (byte)2, (byte)3);
        Assert.Equal([-5L, long.MaxValue], ds.GetValues<long>(new DicomTag(0x0009, 0x1001)));
        Assert.Equal(ulong.MaxValue, ds.GetValue<ulong>(new DicomTag(0x0009, 0x1002)));
        Assert.Equal(1.5f, ds.GetValue<float>(new DicomTag(0x0009, 0x1003)));
        Assert.Equal(-3.5, ds.GetValue<double>(new DicomTag(0x0009, 0x1004), 1));
        Assert.Equal(DicomTag.PatientID, ds.GetValue<DicomTag>(new DicomTag(0x0009, 0x1005)));
        Assert.Equal(4, ds.GetElement(new DicomTag(0x0009, 0x1006)).Length); // padded to even length
    }

    [Fact]
    public void Keeps_a_given_buffer_as_the_value()
    {
        var buffer = new MemoryDicomBuffer(new byte[] { 1, 0, 2, 0 });
        var ds = new DicomDataset().AddOrUpdate(DicomTag.PixelData, DicomVR.OW, buffer);
        Assert.Same(buffer, ds.GetElement(DicomTag.PixelData).Buffer);
        Assert.Equal([(ushort)1, (ushort)2], ds.GetValues<ushort>(DicomTag.PixelData));
    }
}
