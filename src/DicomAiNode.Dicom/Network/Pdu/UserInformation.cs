namespace DicomAiNode.Dicom.Network;

/// <summary>User Information item (50H, PS3.8 §9.3.2.3, §9.3.3.3) with its sub-items (PS3.7 Annex D.3.3).</summary>
public sealed record UserInformation
{
    /// <summary>Maximum Length sub-item (51H): the largest P-DATA-TF variable field this side can receive; 0 = unlimited (PS3.8 Annex D.1).</summary>
    public uint MaxPduLength { get; init; }

    /// <summary>Implementation Class UID sub-item (52H); mandatory (PS3.7 §D.3.3.2).</summary>
    public string ImplementationClassUid { get; init; } = "";

    /// <summary>Implementation Version Name sub-item (55H); optional, 1–16 characters.</summary>
    public string? ImplementationVersionName { get; init; }

    /// <summary>Asynchronous Operations Window sub-item (53H); null when absent (= synchronous).</summary>
    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>SOP Class Common Extended Negotiation sub-items (57H); only allowed in the request.</summary>
    public IReadOnlyList<SopClassCommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = [];

    /// <summary>User Identity sub-item (58H); only allowed in the request.</summary>
    public UserIdentity? UserIdentity { get; init; }

    /// <summary>Server response of the User Identity sub-item (59H); only allowed in the accept.</summary>
    public ReadOnlyMemory<byte>? UserIdentityServerResponse { get; init; }

    public bool Equals(UserInformation? other) =>
        other is not null && MaxPduLength == other.MaxPduLength && ImplementationClassUid == other.ImplementationClassUid
        && ImplementationVersionName == other.ImplementationVersionName
        && AsynchronousOperationsWindow == other.AsynchronousOperationsWindow
        && RoleSelections.SequenceEqual(other.RoleSelections) && ExtendedNegotiations.SequenceEqual(other.ExtendedNegotiations)
        && CommonExtendedNegotiations.SequenceEqual(other.CommonExtendedNegotiations) && Equals(UserIdentity, other.UserIdentity)
        && UserIdentityServerResponse.HasValue == other.UserIdentityServerResponse.HasValue
        && (!UserIdentityServerResponse.HasValue || UserIdentityServerResponse.Value.Span.SequenceEqual(other.UserIdentityServerResponse!.Value.Span));

    public override int GetHashCode() => HashCode.Combine(MaxPduLength, ImplementationClassUid);
}
