namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The acceptor's side of association negotiation (PS3.7 Annex D, PS3.8 §9.3.3): one answer per proposed
/// presentation context, the transfer syntax chosen by <b>this</b> side's preference, role selection answered only when
/// proposed, the asynchronous operations window answered only when proposed and never above the proposal, and the
/// Storage SOP Class extended negotiation answered for the accepted storage classes that asked for it.
/// </summary>
public static class AcceptorNegotiation
{
    /// <summary>
    /// PS3.4 Table B.3-2, what this SCP does with what it stores: level of support 2 (every element, private ones
    /// included, is kept: the data set is spooled byte for byte), digital signature level 2 (signatures are not
    /// checked but their integrity is preserved, since nothing is rewritten), element coercion 0 (none); bytes 2, 4
    /// and 6 are reserved.
    /// </summary>
    public static ReadOnlyMemory<byte> StorageApplicationInformation { get; } = new byte[] { 2, 0, 2, 0, 0, 0 };

    public static (AssociateAcceptPdu Accept, IReadOnlyList<PresentationContext> Contexts, int MaxOperationsInvoked) Negotiate(
        AssociateRequestPdu request, DicomServerOptions options, bool identityAccepted = true)
    {
        var contexts = new List<PresentationContext>(request.PresentationContexts.Count);
        var answers = new List<PresentationContextAnswer>(request.PresentationContexts.Count);
        foreach (var proposed in request.PresentationContexts)
        {
            var (result, ts) = Choose(proposed, options);
            contexts.Add(new PresentationContext(proposed.Id, proposed.AbstractSyntax, result, ts));
            answers.Add(new PresentationContextAnswer(proposed.Id, result, ts));
        }

        var rqInfo = request.UserInformation;
        var roles = new List<RoleSelection>();
        foreach (var role in rqInfo.RoleSelections)
        {
            // PS3.7 D.3.3.4: answer only proposed roles; this node is the SCP of what it accepts and never acts as
            // SCU on an association it did not request, so the requestor keeps its SCU role and gets no SCP role.
            if (contexts.Any(c => c.IsAccepted && c.AbstractSyntax == role.SopClassUid))
            {
                roles.Add(new RoleSelection(role.SopClassUid, role.ScuRole, false));
            }
        }

        // PS3.7 D.3.3.5: the acceptor answers a SOP Class Extended Negotiation only for a SOP class the requestor named
        // in one; PS3.4 B.3.1: for storage classes the answer states this SCP's level of support.
        var extended = rqInfo.ExtendedNegotiations
            .Where(e => e.SopClassUid.StartsWith(DicomUids.StorageSopClassRoot, StringComparison.Ordinal)
                && contexts.Any(c => c.IsAccepted && c.AbstractSyntax == e.SopClassUid))
            .Select(e => e.SopClassUid)
            .Distinct(StringComparer.Ordinal)
            .Select(uid => new SopClassExtendedNegotiation(uid, StorageApplicationInformation))
            .ToList();

        AsynchronousOperationsWindow? window = null;
        int maxOperations = 1;
        if (rqInfo.AsynchronousOperationsWindow is { } proposedWindow)
        {
            // PS3.7 D.3.3.3: the answer is at most the proposal (0 = unlimited). This SCP performs operations in order
            // and invokes none on the requestor.
            ushort invoked = proposedWindow.MaxOperationsInvoked == 0
                ? options.MaxOperationsInvoked
                : Math.Min(proposedWindow.MaxOperationsInvoked, options.MaxOperationsInvoked);
            window = new AsynchronousOperationsWindow(invoked, 1);
            maxOperations = invoked;
        }

        var accept = new AssociateAcceptPdu
        {
            CalledAETitle = request.CalledAETitle,
            CallingAETitle = request.CallingAETitle,
            PresentationContexts = answers,
            UserInformation = new UserInformation
            {
                MaxPduLength = options.MaxPduLength,
                ImplementationClassUid = options.ImplementationClassUid,
                ImplementationVersionName = options.ImplementationVersionName,
                AsynchronousOperationsWindow = window,
                RoleSelections = roles,
                ExtendedNegotiations = extended,
                // PS3.7 D.3.3.7: a server response only when asked for and the identity was accepted.
                UserIdentityServerResponse = rqInfo.UserIdentity is { PositiveResponseRequested: true } && identityAccepted ? (ReadOnlyMemory<byte>?)ReadOnlyMemory<byte>.Empty : null,
            },
        };
        return (accept, contexts, maxOperations);
    }

    private static (PresentationContextResult, string) Choose(ProposedPresentationContext proposed, DicomServerOptions options)
    {
        string echo = proposed.TransferSyntaxes[0];
        if (!options.IsSupportedAbstractSyntax(proposed.AbstractSyntax))
        {
            return (PresentationContextResult.AbstractSyntaxNotSupported, echo);
        }
        foreach (var preferred in options.TransferSyntaxes)
        {
            foreach (var offered in proposed.TransferSyntaxes)
            {
                if (offered == preferred)
                {
                    return (PresentationContextResult.Acceptance, preferred);
                }
            }
        }
        return (PresentationContextResult.TransferSyntaxesNotSupported, echo);
    }
}
