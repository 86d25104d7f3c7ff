namespace DicomAiNode.Dicom.Network;

/// <summary>What the connection read next: the header of a PDV (whose fragment is then read separately) or a whole non-data PDU.</summary>
internal readonly record struct IncomingUnit(Pdu? Pdu, byte PresentationContextId, bool IsCommand, bool IsLastFragment, int FragmentLength, bool StartsPdu)
{
    public bool IsPdv => Pdu is null;

    /// <summary>PS3.8 Table 9-10: the event a received PDU raises.</summary>
    public AssociationEvent Event => Pdu switch
    {
        null => AssociationEvent.Evt10,
        AssociateAcceptPdu => AssociationEvent.Evt3,
        AssociateRejectPdu => AssociationEvent.Evt4,
        AssociateRequestPdu => AssociationEvent.Evt6,
        ReleaseRequestPdu => AssociationEvent.Evt12,
        ReleaseResponsePdu => AssociationEvent.Evt13,
        AbortPdu => AssociationEvent.Evt16,
        _ => AssociationEvent.Evt19,
    };
}
