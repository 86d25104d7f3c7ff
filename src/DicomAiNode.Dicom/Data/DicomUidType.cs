namespace DicomAiNode.Dicom.Data;

/// <summary>The UID types of the PS3.6 Annex A registry.</summary>
public enum DicomUidType
{
    Unknown,
    SopClass,
    MetaSopClass,
    TransferSyntax,
    SopInstance,
    FrameOfReference,
    CodingScheme,
    MappingResource,
    ServiceClass,
    ApplicationContextName,
    ApplicationHostingModel,
    Ldap,
}
