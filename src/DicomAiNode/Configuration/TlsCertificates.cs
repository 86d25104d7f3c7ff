using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Configuration;

/// <summary>Loads the certificates that <see cref="NodeTlsOptions"/> and <see cref="PeerOptions"/> name, with errors that name the field.</summary>
public static class TlsCertificates
{
    /// <summary>The listener's TLS settings applied to <paramref name="server"/> (unchanged when TLS is off).</summary>
    public static DicomServerOptions Apply(DicomServerOptions server, NodeOptions options)
    {
        var tls = options.Node.Tls;
        if (!tls.Enabled)
        {
            return server;
        }
        return server with
        {
            TlsCertificate = LoadIdentity(options, tls),
            RequireClientCertificate = tls.RequireClientCertificate,
            TlsClientCertificateAuthorities = string.IsNullOrWhiteSpace(tls.ClientCertificateAuthoritiesFile)
                ? null
                : LoadPem(options.Resolve(tls.ClientCertificateAuthoritiesFile), "Node.Tls.ClientCertificateAuthoritiesFile"),
        };
    }

    /// <summary>The SCU TLS settings for a destination, or null when it is reached over plain TCP.</summary>
    public static DicomClientTlsOptions? ForDestination(PeerOptions peer, NodeOptions options)
    {
        if (!peer.Tls)
        {
            return null;
        }
        return new DicomClientTlsOptions
        {
            ClientCertificate = options.Node.Tls.Enabled ? LoadIdentity(options, options.Node.Tls) : null,
            TrustedCertificates = string.IsNullOrWhiteSpace(peer.TlsTrustFile) ? null : LoadPem(options.Resolve(peer.TlsTrustFile), $"peer {peer.AeTitle} TlsTrustFile"),
            CheckCertificateName = peer.TlsCheckCertificateName,
        };
    }

    /// <summary>Problems with the TLS files, for start-up validation: each names the field.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(NodeOptions options)
    {
        var tls = options.Node.Tls;
        if (tls.Enabled)
        {
            var problem = TryLoad(() => LoadIdentity(options, tls));
            if (problem is not null) yield return ("Node.Tls.CertificateFile", problem);
        }
        if (!tls.Enabled && tls.RequireClientCertificate)
        {
            yield return ("Node.Tls.RequireClientCertificate", "needs Node.Tls.CertificateFile: client certificates are checked only on a TLS listener");
        }
        if (tls.Enabled && !string.IsNullOrWhiteSpace(tls.ClientCertificateAuthoritiesFile))
        {
            var problem = TryLoad(() => LoadPem(options.Resolve(tls.ClientCertificateAuthoritiesFile), "Node.Tls.ClientCertificateAuthoritiesFile"));
            if (problem is not null) yield return ("Node.Tls.ClientCertificateAuthoritiesFile", problem);
        }
        for (int i = 0; i < options.Peers.Count; i++)
        {
            var peer = options.Peers[i];
            if (peer.Tls && !string.IsNullOrWhiteSpace(peer.TlsTrustFile))
            {
                var problem = TryLoad(() => LoadPem(options.Resolve(peer.TlsTrustFile), $"Peers[{i}].TlsTrustFile"));
                if (problem is not null) yield return ($"Peers[{i}].TlsTrustFile", problem);
            }
        }
    }

    private static string? TryLoad(Func<object> load)
    {
        try
        {
            load();
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    private static X509Certificate2 LoadIdentity(NodeOptions options, NodeTlsOptions tls)
    {
        string path = options.Resolve(tls.CertificateFile);
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
            return certificate.HasPrivateKey ? certificate : throw new InvalidDataException($"{path} holds no private key");
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot load the PKCS#12 certificate {path}: {e.Message}", e);
        }
    }

    private static X509Certificate2Collection LoadPem(string path, string field)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            return collection.Count > 0 ? collection : throw new InvalidDataException($"{field}: {path} holds no PEM certificate");
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{field}: cannot load {path}: {e.Message}", e);
        }
    }
}
