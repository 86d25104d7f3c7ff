namespace DicomAiNode.Configuration;

/// <summary>
/// DICOM TLS (PS3.15 Annex B, TLS 1.2/1.3) of the node's listener (section <c>Node:Tls</c>); the same certificate is
/// presented to destinations that require a client certificate. Relative paths resolve against the settings folder.
/// </summary>
public sealed class NodeTlsOptions
{
    /// <summary>PKCS#12 (.pfx/.p12) file with the node's certificate and private key; empty = plain TCP.</summary>
    public string CertificateFile { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Only peers presenting a certificate issued by (or equal to) one in <see cref="ClientCertificateAuthoritiesFile"/> may connect.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>PEM file of the certificates trusted to issue client certificates (self-signed peers list their own).</summary>
    public string ClientCertificateAuthoritiesFile { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
