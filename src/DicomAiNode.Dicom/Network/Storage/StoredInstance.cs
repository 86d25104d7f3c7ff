namespace DicomAiNode.Dicom.Network;

/// <summary>An instance that is durably on disk under its final name, before Success is answered.</summary>
public sealed record StoredInstance(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long Length, bool Replaced, AssociationInfo Association)
{
    /// <summary>What <see cref="SpoolingOptions.Validate"/> returned for this instance (null without a validator).</summary>
    public object? Validation { get; init; }
}
