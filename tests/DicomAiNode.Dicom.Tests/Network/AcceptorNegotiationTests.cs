using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

public sealed class AcceptorNegotiationTests
{
    private const string CT = "1.2.840.10008.5.1.4.1.1.2";
    private const string FindStudyRoot = "1.2.840.10008.5.1.4.1.2.2.1";
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    private static AssociateRequestPdu Request(UserInformation? info = null, params ProposedPresentationContext[] contexts) => new()
    {
        CalledAETitle = "NODE",
        CallingAETitle = "PACS",
        PresentationContexts = contexts,
        UserInformation = info ?? new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2.3" },
    };

    [Fact]
    public void Chooses_the_transfer_syntax_by_the_acceptors_preference_not_the_proposal_order()
    {
        var (ac, contexts, _) = AcceptorNegotiation.Negotiate(
            Request(null, new ProposedPresentationContext(1, CT, [JpegBaseline, DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRLittleEndian])),
            new DicomServerOptions());
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, ac.PresentationContexts[0].TransferSyntax);
        Assert.True(contexts[0].IsAccepted);
    }

    [Fact]
    public void Answers_every_proposed_context_with_its_own_result()
    {
        var options = new DicomServerOptions { TransferSyntaxes = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian] };
        var (ac, _, _) = AcceptorNegotiation.Negotiate(Request(null,
            new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
            new ProposedPresentationContext(3, FindStudyRoot, [DicomUids.ImplicitVRLittleEndian]),
            new ProposedPresentationContext(5, CT, [JpegBaseline])), options);
        Assert.Equal(
            [PresentationContextResult.Acceptance, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.TransferSyntaxesNotSupported],
            ac.PresentationContexts.Select(p => p.Result).ToArray());
        Assert.Equal(new byte[] { 1, 3, 5 }, ac.PresentationContexts.Select(p => p.Id).ToArray());
        // PS3.8 §9.3.3.2: the transfer syntax sub-item is present even for rejected contexts.
        Assert.All(ac.PresentationContexts, p => Assert.False(string.IsNullOrEmpty(p.TransferSyntax)));
    }

    [Fact]
    public void Answers_role_selection_only_when_proposed_and_never_grants_the_SCP_role()
    {
        var (plain, _, _) = AcceptorNegotiation.Negotiate(Request(null, new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian])), new DicomServerOptions());
        Assert.Empty(plain.UserInformation.RoleSelections);

        var info = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "1.2.3", RoleSelections = [new RoleSelection(CT, true, true), new RoleSelection(FindStudyRoot, true, false)] };
        var (ac, _, _) = AcceptorNegotiation.Negotiate(Request(info, new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian])), new DicomServerOptions());
        var role = Assert.Single(ac.UserInformation.RoleSelections);
        Assert.Equal(new RoleSelection(CT, true, false), role);
    }

    [Fact]
    public void Asynchronous_window_is_answered_only_when_proposed_and_never_above_the_proposal()
    {
        var ctx = new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian]);
        var (sync, _, syncOps) = AcceptorNegotiation.Negotiate(Request(null, ctx), new DicomServerOptions());
        Assert.Null(sync.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(1, syncOps);

        var info = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "1.2.3", AsynchronousOperationsWindow = new AsynchronousOperationsWindow(4, 1) };
        var (ac, _, ops) = AcceptorNegotiation.Negotiate(Request(info, ctx), new DicomServerOptions { MaxOperationsInvoked = 16 });
        Assert.Equal(new AsynchronousOperationsWindow(4, 1), ac.UserInformation.AsynchronousOperationsWindow);
        Assert.Equal(4, ops);

        var unlimited = info with { AsynchronousOperationsWindow = new AsynchronousOperationsWindow(0, 0) };
        var (capped, _, _) = AcceptorNegotiation.Negotiate(Request(unlimited, ctx), new DicomServerOptions { MaxOperationsInvoked = 8 });
        Assert.Equal(8, capped.UserInformation.AsynchronousOperationsWindow!.Value.MaxOperationsInvoked);
    }

    [Fact]
    public void Announces_own_maximum_length_and_implementation_identity()
    {
        var (ac, _, _) = AcceptorNegotiation.Negotiate(Request(null, new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian])), new DicomServerOptions { MaxPduLength = 65536 });
        Assert.Equal(65536u, ac.UserInformation.MaxPduLength);
        Assert.Equal("1.2.826.0.1.3680043.10.1442.1", ac.UserInformation.ImplementationClassUid);
        Assert.Equal("DICOMAINODE010", ac.UserInformation.ImplementationVersionName);
    }

    [Fact]
    public void User_identity_response_only_when_positive_response_was_requested()
    {
        var ctx = new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian]);
        var asked = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "1.2.3", UserIdentity = new UserIdentity(UserIdentityType.Username, true, "bob"u8.ToArray(), default) };
        Assert.NotNull(AcceptorNegotiation.Negotiate(Request(asked, ctx), new DicomServerOptions()).Accept.UserInformation.UserIdentityServerResponse);
        var silent = asked with { UserIdentity = asked.UserIdentity! with { PositiveResponseRequested = false } };
        Assert.Null(AcceptorNegotiation.Negotiate(Request(silent, ctx), new DicomServerOptions()).Accept.UserInformation.UserIdentityServerResponse);
    }

    [Fact]
    public void Answers_storage_extended_negotiation_only_for_accepted_storage_classes_that_asked()
    {
        var ctx = new[]
        {
            new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian]),
            new ProposedPresentationContext(3, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
        };
        var (plain, _, _) = AcceptorNegotiation.Negotiate(Request(null, ctx), new DicomServerOptions());
        Assert.Empty(plain.UserInformation.ExtendedNegotiations);

        const string MR = "1.2.840.10008.5.1.4.1.1.4"; // proposed in an extended negotiation but not in a context
        var info = new UserInformation
        {
            MaxPduLength = 0,
            ImplementationClassUid = "1.2.3",
            ExtendedNegotiations =
            [
                new SopClassExtendedNegotiation(CT, new byte[] { 3, 0, 3, 0, 3, 0 }),
                new SopClassExtendedNegotiation(MR, new byte[] { 3, 0, 3, 0, 3, 0 }),
                new SopClassExtendedNegotiation(DicomUids.Verification, new byte[] { 1 }),
            ],
        };
        var (ac, _, _) = AcceptorNegotiation.Negotiate(Request(info, ctx), new DicomServerOptions());
        var answer = Assert.Single(ac.UserInformation.ExtendedNegotiations);
        Assert.Equal(CT, answer.SopClassUid);
        Assert.Equal(new byte[] { 2, 0, 2, 0, 0, 0 }, answer.ApplicationInformation.ToArray());

        // And it survives the wire: encode the A-ASSOCIATE-AC, decode it, same answer.
        var decoded = Assert.IsType<AssociateAcceptPdu>(PduDecoder.Decode(ac.ToArray()));
        Assert.Equal(ac.UserInformation.ExtendedNegotiations, decoded.UserInformation.ExtendedNegotiations);
    }

    [Fact]
    public void Association_PDUs_are_equal_by_value_and_differ_when_any_field_differs()
    {
        var ctx = new ProposedPresentationContext(1, CT, [DicomUids.ExplicitVRLittleEndian]);
        Assert.Equal(Request(null, ctx), Request(null, ctx));
        Assert.NotEqual(Request(null, ctx), Request(null, ctx) with { CalledAETitle = "OTHER" });
        Assert.NotEqual(Request(null, ctx), Request(null, ctx) with { ProtocolVersion = 2 });
        Assert.NotEqual(Request(null, ctx), Request(null, ctx with { Id = 3 }));
        var (ac, _, _) = AcceptorNegotiation.Negotiate(Request(null, ctx), new DicomServerOptions());
        Assert.Equal(ac, ac with { });
        Assert.NotEqual(ac, ac with { CallingAETitle = "X" });
        Assert.False(ac.Equals((object)Request(null, ctx)));
    }
}
