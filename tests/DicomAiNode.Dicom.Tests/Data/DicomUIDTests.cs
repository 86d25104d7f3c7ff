using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.IO;

namespace DicomAiNode.Dicom.Tests.Data;

public class DicomUIDTests
{
    [Fact]
    public void Knows_SOP_classes_and_transfer_syntaxes_of_the_registry()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUID.CTImageStorage.UID);
        Assert.Equal(DicomUidType.SopClass, DicomUID.CTImageStorage.Type);
        Assert.Equal("CT Image Storage", DicomUID.Lookup("1.2.840.10008.5.1.4.1.1.2\0").Name);
        Assert.Equal(DicomUidType.TransferSyntax, DicomUID.ExplicitVRLittleEndian.Type);
        Assert.Equal("1.2.840.10008.1.2.4.201", DicomUID.HTJ2KLossless.UID);
        Assert.Equal(DicomUidType.Unknown, DicomUID.Lookup("1.2.3.4").Type);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", true)]
    [InlineData("2.25.0", true)]
    [InlineData("1.2.03", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.2.a", false)]
    [InlineData("", false)]
    [InlineData("1.2.3456789012345678901234567890123456789012345678901234567890123", false)]
    public void Validates_UIDs_by_PS3_5_9_1(string uid, bool valid) => Assert.Equal(valid, DicomUID.IsValid(uid));

    [Fact]
    public void Generates_valid_distinct_2_25_UIDs()
    {
        var a = DicomUID.Generate();
        var b = DicomUID.Generate();
        Assert.StartsWith("2.25.", a.UID, StringComparison.Ordinal);
        Assert.True(DicomUID.IsValid(a.UID), a.UID);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Derives_the_same_UID_from_the_same_name()
    {
        var a = DicomUID.FromName("series 1.2.3 / rule lung / model v1");
        Assert.Equal(a, DicomUID.FromName("series 1.2.3 / rule lung / model v1"));
        Assert.NotEqual(a, DicomUID.FromName("series 1.2.3 / rule lung / model v2"));
        Assert.True(DicomUID.IsValid(a.UID), a.UID);
        var rooted = DicomUID.FromName(DicomImplementation.ClassUid, "x");
        Assert.StartsWith(DicomImplementation.ClassUid + ".", rooted.UID, StringComparison.Ordinal);
        Assert.True(DicomUID.IsValid(rooted.UID), rooted.UID);
        Assert.Equal(64, rooted.UID.Length);
    }

    [Fact]
    public void Describes_the_transfer_syntaxes()
    {
        Assert.False(DicomTransferSyntax.ImplicitVRLittleEndian.IsExplicitVR);
        Assert.True(DicomTransferSyntax.ExplicitVRBigEndian.IsBigEndian);
        Assert.True(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsDeflated);
        Assert.False(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsEncapsulated);
        Assert.True(DicomTransferSyntax.RLELossless.IsEncapsulated);
        Assert.True(DicomTransferSyntax.HTJ2K.IsEncapsulated);
        Assert.True(DicomTransferSyntax.JPEGLSLossless.IsExplicitVR);
        Assert.Same(DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.Lookup("1.2.840.10008.1.2.1\0"));
    }
}
