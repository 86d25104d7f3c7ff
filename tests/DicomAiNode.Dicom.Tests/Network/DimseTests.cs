using CsCheck;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

public sealed class DimseTests
{
    [Fact]
    public void Command_set_is_implicit_VR_little_endian_with_group_length_first()
    {
        var bytes = DicomCommand.CreateEchoRequest(7).Encode();
        // (0000,0000) UL, length 4, value = bytes after this element
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }, bytes[..8]);
        Assert.Equal(bytes.Length - 12, BitConverter.ToInt32(bytes, 8));
        var decoded = DicomCommand.Decode(bytes);
        Assert.Equal(DimseCommandField.CEchoRequest, decoded.CommandField);
        Assert.Equal(7, decoded.MessageId);
        Assert.False(decoded.HasDataSet);
        Assert.Equal(DicomUids.Verification, decoded.AffectedSopClassUid);
    }

    [Fact]
    public void Store_response_mirrors_the_request()
    {
        var rq = DicomCommand.CreateStoreRequest(3, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4");
        var rsp = DicomCommand.Decode(DicomCommand.CreateResponse(rq, DicomStatus.OutOfResources, "disk full").Encode());
        Assert.Equal(DimseCommandField.CStoreResponse, rsp.CommandField);
        Assert.Equal(3, rsp.MessageIdBeingRespondedTo);
        Assert.Equal("1.2.3.4", rsp.AffectedSopInstanceUid);
        Assert.Equal(0xA700, rsp.Status.Code);
        Assert.Equal("disk full", rsp.ErrorComment);
        Assert.True(rsp.Status.IsFailure);
    }

    [Theory]
    [InlineData(0x0000, "Success")]
    [InlineData(0xB007, "Warning")]
    [InlineData(0xA701, "out of resources")]
    [InlineData(0xA900, "does not match")]
    [InlineData(0xC123, "cannot understand")]
    [InlineData(0x0122, "SOP class not supported")]
    public void Status_codes_are_classified_as_PS3_7_Annex_C_says(ushort code, string meaning)
    {
        var status = new DicomStatus(code);
        Assert.Contains(meaning, status.ToString(), StringComparison.Ordinal);
        Assert.Equal(code >= 0xB000 && code < 0xC000, status.IsWarning);
    }

    [Fact]
    public void Rejects_command_set_without_group_length()
    {
        var bytes = DicomCommand.CreateEchoRequest(1).Encode()[12..];
        Assert.Contains("Command Group Length", Assert.Throws<DimseException>(() => DicomCommand.Decode(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assembler_joins_fragments_of_command_and_data_set()
    {
        var command = DicomCommand.CreateStoreRequest(1, "1.2.840.10008.5.1.4.1.1.2", "1.2.3").Encode();
        var assembler = new DimseMessageAssembler();
        Assert.Null(assembler.Add(new PresentationDataValue(1, true, false, command.AsMemory(0, 10))));
        Assert.Null(assembler.Add(new PresentationDataValue(1, true, true, command.AsMemory(10))));
        Assert.Null(assembler.Add(new PresentationDataValue(1, false, false, new byte[] { 1, 2 })));
        var message = assembler.Add(new PresentationDataValue(1, false, true, new byte[] { 3, 4 }));
        Assert.NotNull(message);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, message.DataSet!.Value.ToArray());
    }

    [Theory]
    [InlineData("data set before command")]
    [InlineData("interleaved contexts")]
    [InlineData("command over the cap")]
    public void Assembler_rejects_fragments_out_of_order(string what)
    {
        var command = DicomCommand.CreateStoreRequest(1, "1.2.840.10008.5.1.4.1.1.2", "1.2.3").Encode();
        var assembler = new DimseMessageAssembler(maxCommandLength: 64);
        Assert.Throws<DimseException>(() =>
        {
            switch (what)
            {
                case "data set before command":
                    assembler.Add(new PresentationDataValue(1, false, true, new byte[2]));
                    break;
                case "interleaved contexts":
                    assembler.Add(new PresentationDataValue(1, true, false, command.AsMemory(0, 10)));
                    assembler.Add(new PresentationDataValue(3, true, true, command.AsMemory(10)));
                    break;
                default:
                    for (int i = 0; i < 10; i++)
                    {
                        assembler.Add(new PresentationDataValue(1, true, false, new byte[16]));
                    }
                    break;
            }
        });
    }

    [Fact]
    public void Arbitrary_fragments_never_crash_the_assembler() =>
        Gen.Select(Gen.Byte[1, 3], Gen.Bool, Gen.Bool, Gen.Byte.Array[0, 40]).Array[1, 12].Sample(pdvs =>
        {
            var assembler = new DimseMessageAssembler(256, 1024);
            try
            {
                foreach (var (id, command, last, bytes) in pdvs)
                {
                    assembler.Add(new PresentationDataValue(id, command, last, bytes));
                }
            }
            catch (DimseException)
            {
            }
        }, iter: 20000);
}
