using System.Buffers.Binary;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Fuzz;

/// <summary>A byte stream of P-DATA-TF PDUs split into PDVs and fed to the <see cref="DimseMessageAssembler"/>.</summary>
internal sealed class DimseAssemblerTarget : IFuzzTarget
{
    public string Name => "dimse";

    public IEnumerable<byte[]> Seeds() => Seed.DimseStreams();

    public Task RunAsync(byte[] input)
    {
        var assembler = new DimseMessageAssembler(maxCommandLength: 4096, maxDataSetLength: 1 << 20);
        int at = 0;
        while (at + Pdu.HeaderLength <= input.Length)
        {
            var (type, length) = PduDecoder.ReadHeader(input.AsSpan(at));
            if (length > (uint)(input.Length - at - Pdu.HeaderLength))
            {
                throw new PduDecodingException(AbortReason.InvalidPduParameterValue, "truncated");
            }
            var body = input.AsMemory(at + Pdu.HeaderLength, (int)length);
            at += Pdu.HeaderLength + (int)length;
            if (type != PduType.DataTransfer)
            {
                PduDecoder.DecodeBody(type, body.Span);
                continue;
            }
            foreach (var pdv in PduDecoder.ReadPresentationDataValues(body))
            {
                var message = assembler.Add(pdv);
                if (message is not null && BinaryPrimitives.ReadUInt16LittleEndian(message.Command.Encode().AsSpan(0, 2)) != 0)
                {
                    throw new InvalidOperationException("re-encoded command does not start with group 0000");
                }
            }
        }
        return Task.CompletedTask;
    }

    public bool IsExpected(Exception exception) => exception is PduDecodingException or DimseException;
}
