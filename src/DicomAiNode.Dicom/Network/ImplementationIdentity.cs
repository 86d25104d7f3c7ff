namespace DicomAiNode.Dicom.Network;

/// <summary>
/// The Implementation Class UID and Version Name this toolkit announces in A-ASSOCIATE-RQ/AC (PS3.7 D.3.3.2) and
/// writes into file meta information: its own UID root, never another toolkit's.
/// </summary>
internal static class ImplementationIdentity
{
    public const string ClassUid = "1.2.826.0.1.3680043.10.1442.1";

    public const string VersionName = "DICOMAINODE010";
}
