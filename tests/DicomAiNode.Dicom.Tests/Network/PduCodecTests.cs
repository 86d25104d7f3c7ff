using CsCheck;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

public sealed class PduCodecTests
{
    private static readonly UserInformation EchoUserInformation = new()
    {
        MaxPduLength = 16384,
        ImplementationClassUid = "1.2.826.0.1.3680043.10.1442.1",
        ImplementationVersionName = "DICOMAINODE010",
    };

    private static readonly AssociateRequestPdu EchoRequest = new()
    {
        CalledAETitle = "ECHOSCP",
        CallingAETitle = "ECHOSCU",
        PresentationContexts = [new ProposedPresentationContext(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
        UserInformation = EchoUserInformation,
    };

    private static readonly AssociateAcceptPdu EchoAccept = new()
    {
        CalledAETitle = "ECHOSCP",
        CallingAETitle = "ECHOSCU",
        PresentationContexts = [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
        UserInformation = EchoUserInformation,
    };

    public static TheoryData<string, Pdu> Fixtures() => new()
    {
        { nameof(PduFixtures.AssociateRequest), EchoRequest },
        { nameof(PduFixtures.AssociateAccept), EchoAccept },
        { nameof(PduFixtures.AssociateReject), new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAETitleNotRecognized) },
        { nameof(PduFixtures.ReleaseRequest), new ReleaseRequestPdu() },
        { nameof(PduFixtures.ReleaseResponse), new ReleaseResponsePdu() },
        { nameof(PduFixtures.Abort), new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue) },
        { nameof(PduFixtures.DataTransfer), new DataTransferPdu([new PresentationDataValue(1, true, true, new byte[4])]) },
    };

    private static byte[] Fixture(string name) => (byte[])typeof(PduFixtures).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Encodes_each_PDU_to_the_bytes_of_PS3_8(string fixture, Pdu pdu) =>
        Assert.Equal(Convert.ToHexString(Fixture(fixture)), Convert.ToHexString(pdu.ToArray()));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decodes_each_PDU_from_the_bytes_of_PS3_8(string fixture, Pdu pdu) =>
        Assert.Equal(pdu, PduDecoder.Decode(Fixture(fixture)));

    [Fact]
    public void Round_trips_every_user_information_sub_item()
    {
        var rq = EchoRequest with
        {
            PresentationContexts =
            [
                new ProposedPresentationContext(1, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
                new ProposedPresentationContext(3, "1.2.840.10008.5.1.4.1.1.4", ["1.2.840.10008.1.2.4.70"]),
            ],
            UserInformation = EchoUserInformation with
            {
                AsynchronousOperationsWindow = new AsynchronousOperationsWindow(5, 0),
                RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true)],
                ExtendedNegotiations = [new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] { 1, 0, 1 })],
                CommonExtendedNegotiations = [new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.88.11"])],
                UserIdentity = new UserIdentity(UserIdentityType.UsernameAndPasscode, true, "alice"u8.ToArray(), "secret"u8.ToArray()),
            },
        };
        Assert.Equal(rq, PduDecoder.Decode(rq.ToArray()));
        Assert.DoesNotContain("secret", rq.UserInformation.UserIdentity!.ToString(), StringComparison.Ordinal);

        var ac = EchoAccept with { UserInformation = EchoUserInformation with { UserIdentityServerResponse = new byte[] { 9, 8 } } };
        Assert.Equal(ac, PduDecoder.Decode(ac.ToArray()));
    }

    [Fact]
    public void Round_trips_arbitrary_association_requests() =>
        Gen.Select(
                Gen.String[Gen.Char['A', 'Z'], 1, 16],
                Gen.Int[1, 20],
                Gen.UInt,
                Gen.UShort.Array[0, 3])
            .Sample((ae, contexts, maxLength, asyncOps) =>
            {
                var rq = EchoRequest with
                {
                    CalledAETitle = ae,
                    PresentationContexts = Enumerable.Range(0, contexts)
                        .Select(i => new ProposedPresentationContext((byte)(2 * i + 1), $"1.2.840.10008.5.1.4.1.1.{i}", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])).ToList(),
                    UserInformation = EchoUserInformation with
                    {
                        MaxPduLength = maxLength,
                        AsynchronousOperationsWindow = asyncOps.Length == 2 ? new AsynchronousOperationsWindow(asyncOps[0], asyncOps[1]) : null,
                    },
                };
                Assert.Equal(rq, PduDecoder.Decode(rq.ToArray()));
            });

    [Fact]
    public void Arbitrary_bytes_never_crash_the_decoder() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                PduDecoder.Decode(bytes);
            }
            catch (PduDecodingException)
            {
            }
        }, iter: 20000);

    [Fact]
    public void Mutated_valid_PDUs_never_crash_the_decoder() =>
        Gen.Select(Gen.Int[0, PduFixtures.AssociateRequest.Length - 1], Gen.Byte, Gen.Int[0, 4]).Sample((at, value, cut) =>
        {
            var bytes = (byte[])PduFixtures.AssociateRequest.Clone();
            bytes[at] = value;
            try
            {
                PduDecoder.Decode(bytes.AsSpan(0, bytes.Length - cut));
            }
            catch (PduDecodingException)
            {
            }
        }, iter: 20000);

    public static TheoryData<string, string, AbortReason, string> Malformed() => new()
    {
        { "unknown PDU type", "08 00 00000004 00000000", AbortReason.UnrecognizedPdu, "Unrecognized PDU type 08H" },
        { "release with wrong length", "05 00 00000005 0000000000", AbortReason.InvalidPduParameterValue, "fixes its length at 4" },
        { "length field larger than data", "07 00 00000004 0000", AbortReason.InvalidPduParameterValue, "length field says 4 bytes but 2 follow" },
        { "PDV longer than its PDU", "04 00 0000000A 00000010 01 03 00000000", AbortReason.InvalidPduParameterValue, "PDV item length 16 is invalid" },
        { "PDV with even context ID", "04 00 00000008 00000004 02 03 0000", AbortReason.InvalidPduParameterValue, "is even" },
        { "PDV of length 0", "04 00 00000006 00000000 0103", AbortReason.InvalidPduParameterValue, "PDV item length 0" },
        { "reject with result 3", "03 00 00000004 00 03 01 01", AbortReason.InvalidPduParameterValue, "result 3" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_PDU_with_the_right_abort_reason(string what, string hex, AbortReason reason, string message)
    {
        var error = Assert.Throws<PduDecodingException>(() => PduDecoder.Decode(PduFixtures.Hex(hex)));
        Assert.True(error.Reason == reason, what);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_association_request_with_an_even_presentation_context_id()
    {
        var bytes = (byte[])PduFixtures.AssociateRequest.Clone();
        bytes[6 + 68 + 25 + 4] = 2; // the PC-ID byte of the first presentation context item
        var error = Assert.Throws<PduDecodingException>(() => PduDecoder.Decode(bytes));
        Assert.Contains("presentation context ID 2 is even", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_association_request_without_maximum_length_sub_item()
    {
        var rq = EchoRequest.ToArray();
        // Rewrite the 51H sub-item type to an unknown sub-item type (ignored), so the mandatory 51H is missing.
        int at = Array.IndexOf(rq, (byte)0x51, 6 + 68 + 25 + 50);
        rq[at] = 0x5F;
        var error = Assert.Throws<PduDecodingException>(() => PduDecoder.Decode(rq));
        Assert.Contains("maximum length sub-item (51H) is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_UID_with_letters()
    {
        var rq = EchoRequest with { PresentationContexts = [new ProposedPresentationContext(1, "1.2.840.10008.1.x", ["1.2.840.10008.1.2"])] };
        var error = Assert.Throws<PduDecodingException>(() => PduDecoder.Decode(rq.ToArray()));
        Assert.Contains("neither a digit nor '.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trims_AE_title_padding_and_tolerates_null_padded_UIDs()
    {
        var bytes = PduFixtures.AssociateRequest.ToArray();
        var decoded = (AssociateRequestPdu)PduDecoder.Decode(bytes);
        Assert.Equal("ECHOSCP", decoded.CalledAETitle);
        Assert.Equal("1.2.840.10008.1.2", PduSpanReader.DecodeUid("1.2.840.10008.1.2\0"u8, "test"));
    }

    [Fact]
    public void Accepts_a_rejected_context_whose_transfer_syntax_sub_item_is_empty()
    {
        var ac = EchoAccept with { PresentationContexts = [new PresentationContextAnswer(1, PresentationContextResult.AbstractSyntaxNotSupported, "")] };
        var decoded = (AssociateAcceptPdu)PduDecoder.Decode(ac.ToArray());
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, decoded.PresentationContexts[0].Result);
    }
}
