using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Outbox;

/// <summary>An association lent by <see cref="ResultAssociationPool"/> for one batch; <paramref name="Reused"/> when it carried an earlier batch.</summary>
public sealed record PooledAssociation(string Destination, DicomAssociation Association, bool Reused);
