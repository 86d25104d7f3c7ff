namespace DicomAiNode.Dicom.Network;

/// <summary>
/// SCP/SCU Role Selection sub-item (54H, PS3.7 §D.3.3.4). The flags describe the roles of the association-requestor:
/// in the request they are proposed, in the accept they are what the acceptor grants.
/// </summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
