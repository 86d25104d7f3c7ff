using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Fuzz;

/// <summary><see cref="PduDecoder.Decode"/> on arbitrary bytes: a PDU or a <see cref="PduDecodingException"/>, and re-encoding a decoded PDU decodes again.</summary>
internal sealed class PduDecoderTarget : IFuzzTarget
{
    public string Name => "pdu";

    public IEnumerable<byte[]> Seeds() => Seed.Pdus();

    public Task RunAsync(byte[] input)
    {
        var pdu = PduDecoder.Decode(input);
        var again = PduDecoder.Decode(pdu.ToArray());
        if (again.Type != pdu.Type)
        {
            throw new InvalidOperationException($"re-encoded {pdu.Type} decodes as {again.Type}");
        }
        return Task.CompletedTask;
    }

    public bool IsExpected(Exception exception) => exception is PduDecodingException
        // A decoded request may hold values the encoder refuses (an empty AE title): a clear ArgumentException, not a crash.
        || (exception is ArgumentException && exception.Message.Contains("AE title", StringComparison.Ordinal));
}
