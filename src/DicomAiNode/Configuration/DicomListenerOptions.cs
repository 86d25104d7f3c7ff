namespace DicomAiNode.Configuration;

/// <summary>The node's own Application Entity and its C-STORE SCP listener (section <c>Node</c>).</summary>
public sealed class DicomListenerOptions
{
    /// <summary>Called AE title the node answers to (PS3.5 AE VR: 1–16 characters, no backslash or control characters).</summary>
    public string AeTitle { get; set; } = "AINODE";

    /// <summary>Loopback by default so that a fresh install is reachable from nowhere else; 0.0.0.0 exposes it.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 11112;

    /// <summary>Concurrent associations; further ones are rejected transiently (PS3.8 A-ASSOCIATE-RJ reason 2, local limit exceeded).</summary>
    public int MaxAssociations { get; set; } = 16;

    /// <summary>Maximum PDU length the node receives (PS3.8 D.1); 0 means unlimited, which is refused here.</summary>
    public int MaxPduLength { get; set; } = 262_144;

    /// <summary>ARTIM timer: how long to wait for an A-ASSOCIATE-RQ or A-RELEASE-RP (PS3.8 9.1.5).</summary>
    public int AssociationTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one DIMSE message may take to arrive in full.</summary>
    public int DimseTimeoutSeconds { get; set; } = 60;

    /// <summary>An association idle this long is aborted.</summary>
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>DICOM TLS of the listener (off unless a certificate file is named).</summary>
    public NodeTlsOptions Tls { get; set; } = new();
}
