namespace DicomAiNode.Dicom.Network;

/// <summary>The peer answered A-ASSOCIATE-RJ (PS3.8 Table 9-21).</summary>
public sealed class DicomAssociationRejectedException : DicomNetworkException
{
    public DicomAssociationRejectedException(string peer, AssociateRejectPdu reject)
        : base($"{peer} rejected the association: result {(byte)reject.Result} ({reject.Result}), source {(byte)reject.Source} ({reject.Source}), reason {(byte)reject.Reason}.")
    {
        Reject = reject;
    }

    public DicomAssociationRejectedException()
    {
        Reject = new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
    }

    public DicomAssociationRejectedException(string message)
        : base(message)
    {
        Reject = new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
    }

    public DicomAssociationRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reject = new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
    }

    public AssociateRejectPdu Reject { get; }

    /// <summary>Transient rejections (overload) are worth retrying later; permanent ones are configuration errors.</summary>
    public bool IsTransient => Reject.Result == AssociateRejectResult.RejectedTransient;
}
