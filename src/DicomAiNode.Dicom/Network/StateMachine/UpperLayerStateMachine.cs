using static DicomAiNode.Dicom.Network.AssociationState;
using static DicomAiNode.Dicom.Network.UpperLayerEffects;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The DICOM upper layer protocol machine of PS3.8 §9.2: looks up (event, state) in <see cref="StateTransitionTable"/>,
/// runs the named action and moves to the state the action names. Pure: it returns the effects instead of doing I/O,
/// so one instance per association is driven by the association runtime and every cell is testable without a socket.
/// </summary>
public sealed class UpperLayerStateMachine
{
    public UpperLayerStateMachine(bool isRequestor)
        : this(isRequestor, Sta1)
    {
    }

    /// <summary>Starts in any state: for tests that exercise one cell of the table.</summary>
    internal UpperLayerStateMachine(bool isRequestor, AssociationState initial, bool artimRunning = false)
    {
        IsRequestor = isRequestor;
        State = initial;
        ArtimRunning = artimRunning;
    }

    public AssociationState State { get; private set; }

    /// <summary>Whether this side is the association-requestor (AR-8 chooses the release collision state by it).</summary>
    public bool IsRequestor { get; }

    /// <summary>Whether the ARTIM timer is running after the last transition (PS3.8 §9.1.5).</summary>
    public bool ArtimRunning { get; private set; }

    /// <summary>
    /// Handles one event. <paramref name="associateRequestAcceptable"/> is AE-6's test "if A-ASSOCIATE-RQ acceptable
    /// by service-provider" (for example: protocol version supported). Throws <see cref="InvalidOperationException"/>
    /// for a blank cell of the table, which is a defect of the caller, never of the peer.
    /// </summary>
    public StateTransition Handle(AssociationEvent evt, bool associateRequestAcceptable = true)
    {
        var action = StateTransitionTable.Lookup(evt, State)
            ?? throw new InvalidOperationException($"PS3.8 Table 9-10 has no action for {evt} in {State}.");
        var (effects, next) = Run(action, associateRequestAcceptable);
        // Effects run in declaration order: AE-6 stops ARTIM, then (on rejection) starts it again.
        if (effects.HasFlag(StopArtim) || next == Sta1)
        {
            ArtimRunning = false;
        }
        if (effects.HasFlag(StartArtim))
        {
            ArtimRunning = true;
        }
        var transition = new StateTransition(State, evt, action, next, effects);
        State = next;
        return transition;
    }

    private (UpperLayerEffects, AssociationState) Run(AssociationAction action, bool acceptable) => action switch
    {
        AssociationAction.AE1 => AE1(),
        AssociationAction.AE2 => AE2(),
        AssociationAction.AE3 => AE3(),
        AssociationAction.AE4 => AE4(),
        AssociationAction.AE5 => AE5(),
        AssociationAction.AE6 => AE6(acceptable),
        AssociationAction.AE7 => AE7(),
        AssociationAction.AE8 => AE8(),
        AssociationAction.DT1 => DT1(),
        AssociationAction.DT2 => DT2(),
        AssociationAction.AR1 => AR1(),
        AssociationAction.AR2 => AR2(),
        AssociationAction.AR3 => AR3(),
        AssociationAction.AR4 => AR4(),
        AssociationAction.AR5 => AR5(),
        AssociationAction.AR6 => AR6(),
        AssociationAction.AR7 => AR7(),
        AssociationAction.AR8 => AR8(),
        AssociationAction.AR9 => AR9(),
        AssociationAction.AR10 => AR10(),
        AssociationAction.AA1 => AA1(),
        AssociationAction.AA2 => AA2(),
        AssociationAction.AA3 => AA3(),
        AssociationAction.AA4 => AA4(),
        AssociationAction.AA5 => AA5(),
        AssociationAction.AA6 => AA6(),
        AssociationAction.AA7 => AA7(),
        AssociationAction.AA8 => AA8(),
        _ => throw new InvalidOperationException($"Unknown action {action}."),
    };

    /// <summary>AE-1: Issue TRANSPORT CONNECT request primitive to local transport service.</summary>
    private static (UpperLayerEffects, AssociationState) AE1() => (ConnectTransport, Sta4);

    /// <summary>AE-2: Send A-ASSOCIATE-RQ-PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AE2() => (SendAssociateRequest, Sta5);

    /// <summary>AE-3: Issue A-ASSOCIATE confirmation (accept) primitive.</summary>
    private static (UpperLayerEffects, AssociationState) AE3() => (ConfirmAssociateAccept, Sta6);

    /// <summary>AE-4: Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection.</summary>
    private static (UpperLayerEffects, AssociationState) AE4() => (ConfirmAssociateReject | CloseTransport, Sta1);

    /// <summary>AE-5: Issue Transport connection response primitive; start ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AE5() => (AcceptTransport | StartArtim, Sta2);

    /// <summary>
    /// AE-6: Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication
    /// primitive; otherwise: issue A-ASSOCIATE-RJ-PDU and start ARTIM timer.
    /// </summary>
    private static (UpperLayerEffects, AssociationState) AE6(bool acceptable) => acceptable
        ? (StopArtim | IndicateAssociateRequest, Sta3)
        : (StopArtim | SendAssociateReject | StartArtim, Sta13);

    /// <summary>AE-7: Send A-ASSOCIATE-AC PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AE7() => (SendAssociateAccept, Sta6);

    /// <summary>AE-8: Send A-ASSOCIATE-RJ PDU and start ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AE8() => (SendAssociateReject | StartArtim, Sta13);

    /// <summary>DT-1: Send P-DATA-TF PDU.</summary>
    private static (UpperLayerEffects, AssociationState) DT1() => (SendDataTransfer, Sta6);

    /// <summary>DT-2: Send P-DATA indication primitive.</summary>
    private static (UpperLayerEffects, AssociationState) DT2() => (IndicateData, Sta6);

    /// <summary>AR-1: Send A-RELEASE-RQ PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AR1() => (SendReleaseRequest, Sta7);

    /// <summary>AR-2: Issue A-RELEASE indication primitive.</summary>
    private static (UpperLayerEffects, AssociationState) AR2() => (IndicateRelease, Sta8);

    /// <summary>AR-3: Issue A-RELEASE confirmation primitive, and close transport connection.</summary>
    private static (UpperLayerEffects, AssociationState) AR3() => (ConfirmRelease | CloseTransport, Sta1);

    /// <summary>AR-4: Issue A-RELEASE-RP PDU and start ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AR4() => (SendReleaseResponse | StartArtim, Sta13);

    /// <summary>AR-5: Stop ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AR5() => (StopArtim, Sta1);

    /// <summary>AR-6: Issue P-DATA indication.</summary>
    private static (UpperLayerEffects, AssociationState) AR6() => (IndicateData, Sta7);

    /// <summary>AR-7: Issue P-DATA-TF PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AR7() => (SendDataTransfer, Sta8);

    /// <summary>
    /// AR-8: Issue A-RELEASE indication (release collision): if association-requestor, next state is Sta9, if not Sta10.
    /// </summary>
    private (UpperLayerEffects, AssociationState) AR8() => (IndicateRelease, IsRequestor ? Sta9 : Sta10);

    /// <summary>AR-9: Send A-RELEASE-RP PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AR9() => (SendReleaseResponse, Sta11);

    /// <summary>AR-10: Issue A-RELEASE confirmation primitive.</summary>
    private static (UpperLayerEffects, AssociationState) AR10() => (ConfirmRelease, Sta12);

    /// <summary>AA-1: Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AA1() => (SendAbortAsUser | StartArtim, Sta13);

    /// <summary>AA-2: Stop ARTIM timer if running. Close transport connection.</summary>
    private static (UpperLayerEffects, AssociationState) AA2() => (StopArtim | CloseTransport, Sta1);

    /// <summary>
    /// AA-3: If (service-user initiated abort): issue A-ABORT indication and close transport connection; otherwise
    /// (service-provider initiated abort): issue A-P-ABORT indication and close transport connection. The runtime
    /// picks the indication from the received PDU's source.
    /// </summary>
    private static (UpperLayerEffects, AssociationState) AA3() => (IndicateAbort | CloseTransport, Sta1);

    /// <summary>AA-4: Issue A-P-ABORT indication primitive.</summary>
    private static (UpperLayerEffects, AssociationState) AA4() => (IndicateProviderAbort, Sta1);

    /// <summary>AA-5: Stop ARTIM timer.</summary>
    private static (UpperLayerEffects, AssociationState) AA5() => (StopArtim, Sta1);

    /// <summary>AA-6: Ignore PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AA6() => (IgnorePdu, Sta13);

    /// <summary>AA-7: Send A-ABORT PDU.</summary>
    private static (UpperLayerEffects, AssociationState) AA7() => (SendAbortAsProvider, Sta13);

    /// <summary>
    /// AA-8: Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer.
    /// </summary>
    private static (UpperLayerEffects, AssociationState) AA8() => (SendAbortAsProvider | IndicateProviderAbort | StartArtim, Sta13);
}
