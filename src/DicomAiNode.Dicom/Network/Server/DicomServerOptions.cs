using DicomAiNode.Dicom.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DicomAiNode.Dicom.Network;

/// <summary>Limits and negotiation preferences of a <see cref="DicomServer"/>.</summary>
public sealed record DicomServerOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomServer.Port"/>).</summary>
    public int Port { get; init; } = 11112;

    /// <summary>Associations served at once; one more is rejected transient, source 3, reason 2 (local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 32;

    /// <summary>Maximum Length (51H) announced to peers: the largest P-DATA-TF variable field accepted (0 = unlimited).</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>Upper bound on the PDUs this side sends when the peer announces 0 (unlimited).</summary>
    public int MaxSendPduLength { get; init; } = 256 * 1024;

    /// <summary>ARTIM (PS3.8 §9.1.5): how long to wait for the A-ASSOCIATE-RQ and, after RJ/abort/release, for the peer to close.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an established association may stay silent between messages before it is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the peer may pause inside a message (between fragments), or take to accept a response.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cap on a reassembled command set.</summary>
    public int MaxCommandLength { get; init; } = 64 * 1024;

    /// <summary>Cap on one data set (it streams to the handler, so this bounds disk, not memory).</summary>
    public long MaxDataSetLength { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Transfer syntaxes accepted, in this node's order of preference (PS3.8 §9.3.3.2: the acceptor chooses).</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; init; } = DicomUids.StorableTransferSyntaxes;

    /// <summary>Abstract syntaxes accepted besides Verification; null = every Storage SOP Class (PS3.4 Annex B.5 root).</summary>
    public IReadOnlySet<string>? StorageSopClasses { get; init; }

    /// <summary>Outstanding operations granted to a requestor that proposes an asynchronous window (PS3.7 D.3.3.3).</summary>
    public ushort MaxOperationsInvoked { get; init; } = 16;

    /// <summary>DICOM TLS (PS3.15 Annex B): the server certificate, with its private key; null = plain TCP.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>With TLS: whether the peer must present a certificate that validates (against <see cref="TlsClientCertificateAuthorities"/> if given).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>With TLS: certificates trusted to issue client certificates (self-signed peers list themselves).</summary>
    public X509Certificate2Collection? TlsClientCertificateAuthorities { get; init; }

    /// <summary>How long in-flight associations may run after <see cref="DicomServer.StopAsync"/> before they are aborted.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of every timeout (ARTIM, idle, DIMSE, TLS handshake, shutdown grace); tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string ImplementationClassUid { get; init; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; init; } = DicomImplementation.VersionName;

    public bool IsSupportedAbstractSyntax(string uid) =>
        uid == DicomUids.Verification
        || (StorageSopClasses is null ? uid.StartsWith(DicomUids.StorageSopClassRoot, StringComparison.Ordinal) : StorageSopClasses.Contains(uid));
}
