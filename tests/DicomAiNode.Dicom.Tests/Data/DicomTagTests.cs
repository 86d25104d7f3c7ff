using DicomAiNode.Dicom.Data;

namespace DicomAiNode.Dicom.Tests.Data;

public class DicomTagTests
{
    [Fact]
    public void Formats_and_parses_tags_as_PS3_6_writes_them()
    {
        Assert.Equal("(0010,0020)", DicomTag.PatientID.ToString());
        Assert.Equal(DicomTag.PatientID, DicomTag.Parse("(0010,0020)"));
        Assert.Equal(DicomTag.PatientID, DicomTag.Parse("00100020"));
        Assert.Equal(DicomTag.PatientID, DicomTag.Parse("PatientID"));
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), DicomTag.PixelData);
        Assert.False(DicomTag.TryParse("(0010,002G)", out _));
        Assert.Throws<FormatException>(() => DicomTag.Parse("NoSuchKeyword"));
    }

    [Fact]
    public void Orders_tags_by_group_then_element()
    {
        Assert.True(DicomTag.PatientName < DicomTag.PatientID);
        Assert.True(new DicomTag(0x0009, 0x0010) > new DicomTag(0x0008, 0xFFFF));
    }

    [Fact]
    public void Looks_up_VR_VM_keyword_name_and_retirement()
    {
        var entry = DicomDictionary.Lookup(DicomTag.PatientName);
        Assert.Equal(DicomVR.PN, entry.DefaultVR);
        Assert.Equal("1", entry.ValueMultiplicity);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.False(entry.IsRetired);
        Assert.True(DicomDictionary.Lookup(new DicomTag(0x0008, 0x0040)).IsRetired); // Data Set Type
        var pixel = DicomDictionary.Lookup(DicomTag.PixelData);
        Assert.Equal([DicomVR.OB, DicomVR.OW], pixel.ValueRepresentations);
        Assert.Equal(DicomVR.SQ, DicomDictionary.Lookup(DicomTag.ReferencedSeriesSequence).DefaultVR);
    }

    [Fact]
    public void Resolves_repeating_groups_by_mask()
    {
        Assert.Equal("OverlayData", DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000)).Keyword);
        Assert.Equal("OverlayRows", DicomDictionary.Lookup(new DicomTag(0x601E, 0x0010)).Keyword);
        Assert.Equal("CurveDimensions", DicomDictionary.Lookup(new DicomTag(0x5004, 0x0005)).Keyword);
        Assert.Equal("SourceImageIDs", DicomDictionary.Lookup(new DicomTag(0x0020, 0x3142)).Keyword);
    }

    [Fact]
    public void Gives_private_creators_LO_group_lengths_UL_and_unknown_private_tags_UN()
    {
        var creator = new DicomTag(0x0009, 0x0010);
        Assert.True(creator.IsPrivate && creator.IsPrivateCreator);
        Assert.Equal(DicomVR.LO, DicomDictionary.DefaultVR(creator));
        Assert.Equal(DicomVR.UL, DicomDictionary.DefaultVR(new DicomTag(0x0009, 0x0000)));
        var privateTag = new DicomTag(0x0009, 0x1027);
        Assert.Equal((ushort)0x0010, privateTag.PrivateCreatorElement);
        Assert.Equal(DicomVR.UN, DicomDictionary.DefaultVR(privateTag));
    }

    [Fact]
    public void Has_every_VR_of_PS3_5_table_6_2_1()
    {
        Assert.Equal(34, DicomVR.All.Count);
        Assert.True(DicomVR.OV.Has32BitLength && DicomVR.SV.Has32BitLength && DicomVR.UV.Has32BitLength && DicomVR.UC.Has32BitLength);
        Assert.True(DicomVR.UR.Has32BitLength && DicomVR.UT.Has32BitLength && !DicomVR.LT.Has32BitLength);
        Assert.Equal((byte)' ', DicomVR.LO.PaddingByte);
        Assert.Equal((byte)0, DicomVR.UI.PaddingByte);
        Assert.Equal((byte)0, DicomVR.OB.PaddingByte);
        Assert.True(DicomVR.PN.IsCharacterSetDependent && !DicomVR.CS.IsCharacterSetDependent);
        Assert.Equal(8, DicomVR.SV.UnitSize);
        Assert.Equal(64u, DicomVR.LO.MaximumLength);
        Assert.Same(DicomVR.UV, DicomVR.Parse("UV"));
    }
}
