namespace DicomAiNode.Configuration;

/// <summary>A known DICOM peer (an item of <c>Peers</c>).</summary>
public sealed class PeerOptions
{
    public string AeTitle { get; set; } = "";

    /// <summary>Where results are sent, and (with <see cref="CheckHost"/>) the only address the peer may call from.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 104;

    /// <summary>The peer may open associations to the node and store instances.</summary>
    public bool AllowSend { get; set; } = true;

    /// <summary>The node may send results to the peer.</summary>
    public bool AllowDestination { get; set; }

    /// <summary>Accept associations from this calling AE only when they come from <see cref="Host"/>.</summary>
    public bool CheckHost { get; set; }

    /// <summary>Results go to this destination over DICOM TLS (PS3.15 Annex B); the node's own certificate is offered if it asks for one.</summary>
    public bool Tls { get; set; }

    /// <summary>With <see cref="Tls"/>: PEM file of the peer's certificate or its issuer, trusted besides the system store.</summary>
    public string TlsTrustFile { get; set; } = "";

    /// <summary>With <see cref="Tls"/>: whether the peer's certificate must name <see cref="Host"/> (peers addressed by IP often do not).</summary>
    public bool TlsCheckCertificateName { get; set; } = true;

    public override string ToString() => $"{AeTitle}@{Host}:{Port}";
}
