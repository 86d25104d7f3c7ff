using System.Security.Cryptography.X509Certificates;

namespace DicomAiNode.Dicom.Network;

/// <summary>DICOM TLS for the SCU (PS3.15 Annex B): TLS 1.2/1.3 only.</summary>
public sealed record DicomClientTlsOptions
{
    /// <summary>The certificate (with private key) presented to SCPs that require one.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Certificates trusted as roots for the server's certificate, besides the system store (self-signed peers list themselves).</summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>The name expected in the server certificate; defaults to the host.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Whether the server certificate's name must match <see cref="TargetHost"/> (peers addressed by IP often fail this).</summary>
    public bool CheckCertificateName { get; init; } = true;
}
