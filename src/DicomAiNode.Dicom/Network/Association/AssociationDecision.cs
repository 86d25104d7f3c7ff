namespace DicomAiNode.Dicom.Network;

/// <summary>An association policy's verdict: accept, or reject with the A-ASSOCIATE-RJ fields of PS3.8 Table 9-21.</summary>
public sealed record AssociationDecision(bool Accept, AssociateRejectResult Result, AssociateRejectSource Source, AssociateRejectReason Reason, string? Explanation)
{
    public static AssociationDecision Accepted { get; } = new(true, default, default, default, null);

    /// <summary>Calling AE title not recognized: rejected-permanent, service-user, reason 3.</summary>
    public static AssociationDecision UnknownCallingAETitle(string callingAETitle) =>
        new(false, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAETitleNotRecognized, $"calling AE title '{callingAETitle}' is not a known peer");

    /// <summary>Called AE title not recognized: rejected-permanent, service-user, reason 7.</summary>
    public static AssociationDecision UnknownCalledAETitle(string calledAETitle) =>
        new(false, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAETitleNotRecognized, $"called AE title '{calledAETitle}' is not this node");

    /// <summary>Overload (disk pressure, queue full): rejected-transient, presentation provider, temporary congestion (facts #5).</summary>
    public static AssociationDecision TemporaryCongestion(string explanation) =>
        new(false, AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion, explanation);

    public static AssociationDecision Rejected(AssociateRejectResult result, AssociateRejectSource source, AssociateRejectReason reason, string explanation) =>
        new(false, result, source, reason, explanation);
}
