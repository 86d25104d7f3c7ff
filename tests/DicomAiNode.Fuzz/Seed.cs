using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Fuzz;

/// <summary>Valid inputs the corpus starts from: every PDU type, and P-DATA streams carrying C-ECHO and C-STORE.</summary>
internal static class Seed
{
    public static byte[] AssociateRequest() => new AssociateRequestPdu
    {
        CalledAETitle = "NODE",
        CallingAETitle = "FUZZ",
        PresentationContexts =
        [
            new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
            new ProposedPresentationContext(3, "1.2.840.10008.5.1.4.1.1.2", [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]),
        ],
        UserInformation = new UserInformation
        {
            MaxPduLength = 16384,
            ImplementationClassUid = "1.2.3.4",
            ImplementationVersionName = "FUZZ",
            AsynchronousOperationsWindow = new AsynchronousOperationsWindow(2, 1),
            RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, false)],
            UserIdentity = new UserIdentity(UserIdentityType.UsernameAndPasscode, true, "user"u8.ToArray(), "pass"u8.ToArray()),
        },
    }.ToArray();

    public static IEnumerable<byte[]> Pdus()
    {
        yield return AssociateRequest();
        yield return new AssociateAcceptPdu
        {
            CalledAETitle = "NODE",
            CallingAETitle = "FUZZ",
            PresentationContexts = [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, DicomUids.ImplicitVRLittleEndian), new PresentationContextAnswer(3, PresentationContextResult.AbstractSyntaxNotSupported, DicomUids.ImplicitVRLittleEndian)],
            UserInformation = new UserInformation { MaxPduLength = 0, ImplementationClassUid = "1.2.3", UserIdentityServerResponse = new byte[] { 1 } },
        }.ToArray();
        yield return new AssociateRejectPdu(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion).ToArray();
        yield return new ReleaseRequestPdu().ToArray();
        yield return new ReleaseResponsePdu().ToArray();
        yield return new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu).ToArray();
        foreach (var stream in DimseStreams())
        {
            yield return stream;
        }
    }

    public static IEnumerable<byte[]> DimseStreams()
    {
        var echo = DicomCommand.CreateEchoRequest(1).Encode();
        yield return new DataTransferPdu([new PresentationDataValue(1, true, true, echo)]).ToArray();
        var store = DicomCommand.CreateStoreRequest(2, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5").Encode();
        var data = new byte[64];
        yield return new DataTransferPdu([new PresentationDataValue(3, true, false, store.AsMemory(0, 20)), new PresentationDataValue(3, true, true, store.AsMemory(20))]).ToArray()
            .Concat(new DataTransferPdu([new PresentationDataValue(3, false, false, data.AsMemory(0, 32))]).ToArray())
            .Concat(new DataTransferPdu([new PresentationDataValue(3, false, true, data.AsMemory(32))]).ToArray())
            .Concat(new ReleaseRequestPdu().ToArray()).ToArray();
    }
}
