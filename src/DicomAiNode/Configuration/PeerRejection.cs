namespace DicomAiNode.Configuration;

/// <summary>Why a calling peer may not send to the node (each maps to an A-ASSOCIATE-RJ reason, PS3.8 Table 9-21).</summary>
public enum PeerRejection
{
    None,

    /// <summary>Called AE title is not the node's (reason 7).</summary>
    UnknownCalledAeTitle,

    /// <summary>Calling AE title is not a peer (reason 3).</summary>
    UnknownCallingAeTitle,

    /// <summary>The peer is known but AllowSend is false (reason 3: the node does not recognise it as a sender).</summary>
    NotAllowedToSend,

    /// <summary>CheckHost is set and the association comes from another address (reason 3).</summary>
    WrongHost,
}
