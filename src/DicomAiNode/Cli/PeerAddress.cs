using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Cli;

/// <summary>
/// The peer of <c>echo</c> and <c>send</c>: either <c>AET@HOST:PORT</c> or <c>HOST PORT</c> with <c>--aec AET</c>;
/// options <c>--aet</c> (calling AE), <c>--max-pdu</c>, <c>--timeout</c> (seconds), <c>--async N</c>,
/// <c>--tls</c>, <c>--tls-trust CERT.pem</c>, <c>--tls-cert CERT.pfx</c>.
/// </summary>
internal static class PeerAddress
{
    public const string OptionsUsage =
        "  --aet AET           calling AE title (default DICOMAINODE)\n" +
        "  --aec AET           called AE title (when the peer is given as HOST PORT; default ANY-SCP)\n" +
        "  --max-pdu N         maximum PDU length to receive (default 262144)\n" +
        "  --timeout S         ACSE and DIMSE timeout in seconds (default 30)\n" +
        "  --async N           propose an asynchronous operations window of N outstanding requests\n" +
        "  --tls               use DICOM TLS (TLS 1.2/1.3)\n" +
        "  --tls-trust FILE    PEM certificate trusted for the server (self-signed peers)\n" +
        "  --tls-cert FILE     PKCS#12 (.pfx) client certificate with key; --tls-cert-password P\n";

    /// <summary>Parses the peer and options; returns the options and the remaining positional arguments.</summary>
    public static (DicomClientOptions Options, List<string> Positional) Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        string calling = "DICOMAINODE";
        string? called = null;
        uint maxPdu = 256 * 1024;
        double timeout = 30;
        ushort window = 1;
        bool tls = false;
        string? trust = null, certificate = null, password = null;
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--aet": calling = Next(); break;
                case "--aec": called = Next(); break;
                case "--max-pdu": maxPdu = uint.Parse(Next()); break;
                case "--timeout": timeout = double.Parse(Next()); break;
                case "--async": window = ushort.Parse(Next()); break;
                case "--tls": tls = true; break;
                case "--tls-trust": trust = Next(); tls = true; break;
                case "--tls-cert": certificate = Next(); tls = true; break;
                case "--tls-cert-password": password = Next(); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown option {args[i]}");
                    }
                    positional.Add(args[i]);
                    break;
            }
        }
        string host;
        int port;
        if (positional.Count >= 1 && positional[0].Contains('@', StringComparison.Ordinal))
        {
            var at = positional[0].Split('@', 2);
            called = at[0];
            int colon = at[1].LastIndexOf(':');
            if (colon <= 0)
            {
                throw new ArgumentException($"peer '{positional[0]}' must look like AET@HOST:PORT");
            }
            host = at[1][..colon];
            port = int.Parse(at[1][(colon + 1)..]);
            positional.RemoveAt(0);
        }
        else if (positional.Count >= 2 && int.TryParse(positional[1], out port))
        {
            host = positional[0];
            positional.RemoveRange(0, 2);
        }
        else
        {
            throw new ArgumentException("the peer is missing: give AET@HOST:PORT or HOST PORT --aec AET");
        }
        var options = new DicomClientOptions
        {
            Host = host,
            Port = port,
            CallingAETitle = calling,
            CalledAETitle = called ?? "ANY-SCP",
            MaxPduLength = maxPdu,
            AssociationTimeout = TimeSpan.FromSeconds(timeout),
            DimseTimeout = TimeSpan.FromSeconds(timeout),
            MaxOperationsInvoked = window,
            Tls = tls ? TlsOptions(trust, certificate, password) : null,
        };
        return (options, positional);
    }

    private static DicomClientTlsOptions TlsOptions(string? trust, string? certificate, string? password) => new()
    {
        TrustedCertificates = trust is null ? null : [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(trust)],
        ClientCertificate = certificate is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificate, password),
        CheckCertificateName = trust is null,
    };
}
