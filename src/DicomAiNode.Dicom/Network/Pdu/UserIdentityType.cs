namespace DicomAiNode.Dicom.Network;

/// <summary>User-Identity-Type of the User Identity sub-item (PS3.7 Table D.3-14).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}
