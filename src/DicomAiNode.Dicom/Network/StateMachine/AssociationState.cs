namespace DicomAiNode.Dicom.Network;

/// <summary>States of the DICOM upper layer protocol machine (PS3.8 Table 9-9).</summary>
public enum AssociationState
{
    /// <summary>Sta1: Idle.</summary>
    Sta1 = 1,

    /// <summary>Sta2: Transport connection open (Awaiting A-ASSOCIATE-RQ PDU).</summary>
    Sta2,

    /// <summary>Sta3: Awaiting local A-ASSOCIATE response primitive (from local user).</summary>
    Sta3,

    /// <summary>Sta4: Awaiting transport connection opening to complete (from local transport service).</summary>
    Sta4,

    /// <summary>Sta5: Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU.</summary>
    Sta5,

    /// <summary>Sta6: Association established and ready for data transfer.</summary>
    Sta6,

    /// <summary>Sta7: Awaiting A-RELEASE-RP PDU.</summary>
    Sta7,

    /// <summary>Sta8: Awaiting local A-RELEASE response primitive (from local user).</summary>
    Sta8,

    /// <summary>Sta9: Release collision requestor side; awaiting A-RELEASE response (from local user).</summary>
    Sta9,

    /// <summary>Sta10: Release collision acceptor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta10,

    /// <summary>Sta11: Release collision requestor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta11,

    /// <summary>Sta12: Release collision acceptor side; awaiting A-RELEASE response primitive (from local user).</summary>
    Sta12,

    /// <summary>Sta13: Awaiting Transport Connection Close Indication (Association no longer exists).</summary>
    Sta13,
}
