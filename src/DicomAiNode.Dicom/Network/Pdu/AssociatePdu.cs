namespace DicomAiNode.Dicom.Network;

/// <summary>
/// What A-ASSOCIATE-RQ and -AC share (PS3.8 §9.3.2, §9.3.3): protocol version, AE titles, application context,
/// one item per presentation context (proposed or answered), and the user information item.
/// </summary>
public abstract record AssociatePdu<TContext> : Pdu
{
    /// <summary>Protocol-version: bit 0 set (version 1); PS3.8 §9.3.2.</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    public required string CalledAETitle { get; init; }

    public required string CallingAETitle { get; init; }

    /// <summary>PS3.7 Annex A.2.1: the DICOM Application Context Name.</summary>
    public string ApplicationContextName { get; init; } = AssociateRequestPdu.DicomApplicationContextName;

    public required IReadOnlyList<TContext> PresentationContexts { get; init; }

    public required UserInformation UserInformation { get; init; }

    public virtual bool Equals(AssociatePdu<TContext>? other) =>
        other is not null && ProtocolVersion == other.ProtocolVersion && CalledAETitle == other.CalledAETitle
        && CallingAETitle == other.CallingAETitle && ApplicationContextName == other.ApplicationContextName
        && PresentationContexts.SequenceEqual(other.PresentationContexts) && UserInformation.Equals(other.UserInformation);

    public override int GetHashCode() => HashCode.Combine(CalledAETitle, CallingAETitle, PresentationContexts.Count);

    private protected sealed override void WriteBody(PduBuilder writer)
    {
        writer.WriteAssociateFixedPart(ProtocolVersion, CalledAETitle, CallingAETitle, ApplicationContextName);
        foreach (var context in PresentationContexts)
        {
            WritePresentationContext(writer, context);
        }
        UserInformationCodec.Write(writer, UserInformation);
    }

    private protected abstract void WritePresentationContext(PduBuilder writer, TContext context);
}
