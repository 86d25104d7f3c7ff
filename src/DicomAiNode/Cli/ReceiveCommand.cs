using System.Net;
using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Cli;

/// <summary>
/// <c>dicom-ai-node receive --port N --out DIR [--aet AET]</c>: a bare storage SCP (a storescp equivalent) that accepts
/// any calling AE, and any called AE unless <c>--aet</c> is given; each instance becomes one durable file in DIR
/// (made durable by one flush of the write-ahead journal in DIR/.journal, replayed on the next start after a crash).
/// </summary>
public sealed class ReceiveCommand : ICliCommand
{
    public string Name => "receive";

    public string Summary => "receive instances into a folder (C-STORE SCP)";

    public string Usage => """
        usage: dicom-ai-node receive --port N --out DIR [options]
          --port N            TCP port (0 = any free port; the chosen one is printed)
          --out DIR           folder for received instances (one SOPInstanceUID.dcm each)
          --aet AET           accept only this called AE title (default: any)
          --bind ADDR         bind address (default 127.0.0.1)
          --max-pdu N         maximum PDU length to receive (default 262144)
          --max-associations N  (default 32)
          --keep-duplicates   keep the first copy of a SOP instance (default: overwrite)
          --no-journal        flush each file and the folder (two flushes) instead of one write-ahead journal flush
          --no-fsync          skip fsync (measurements only: acknowledged data may be lost on power failure)
          --tls-cert FILE     PKCS#12 (.pfx) server certificate with key: DICOM TLS; --tls-cert-password P
          --tls-require-client-cert FILE   require a client certificate issued by (or equal to) this PEM certificate
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int? port = null;
        string? output = null, calledAE = null, certificate = null, password = null, clientAuthority = null;
        var bind = IPAddress.Loopback;
        uint maxPdu = 256 * 1024;
        int maxAssociations = 32;
        bool keep = false, durable = true, journal = true;
        try
        {
            for (int i = 0; i < args.Count; i++)
            {
                string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
                switch (args[i])
                {
                    case "--port": port = int.Parse(Next()); break;
                    case "--out": output = Next(); break;
                    case "--aet": calledAE = Next(); break;
                    case "--bind": bind = IPAddress.Parse(Next()); break;
                    case "--max-pdu": maxPdu = uint.Parse(Next()); break;
                    case "--max-associations": maxAssociations = int.Parse(Next()); break;
                    case "--keep-duplicates": keep = true; break;
                    case "--no-fsync": durable = false; break;
                    case "--no-journal": journal = false; break;
                    case "--tls-cert": certificate = Next(); break;
                    case "--tls-cert-password": password = Next(); break;
                    case "--tls-require-client-cert": clientAuthority = Next(); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            if (port is null || output is null)
            {
                throw new ArgumentException("--port and --out are required");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await stderr.WriteLineAsync($"receive: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var options = new DicomServerOptions
        {
            BindAddress = bind,
            Port = port.Value,
            MaxPduLength = maxPdu,
            MaxAssociations = maxAssociations,
            TlsCertificate = certificate is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificate, password),
            RequireClientCertificate = clientAuthority is not null,
            TlsClientCertificateAuthorities = clientAuthority is null ? null : [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(clientAuthority)],
        };
        using var handler = new SpoolingCStoreHandler(new SpoolingOptions
        {
            Folder = output,
            Duplicates = keep ? DuplicateInstancePolicy.KeepExisting : DuplicateInstancePolicy.Overwrite,
            Durable = durable,
            Journal = journal,
        });
        if (handler.RecoveredFiles.Count > 0)
        {
            await stdout.WriteLineAsync($"receive: restored {handler.RecoveredFiles.Count} acknowledged instance(s) from the journal of the previous run").ConfigureAwait(false);
        }
        var policy = new AETitlePolicy(calledAE is null ? null : [calledAE]);
        var server = new DicomServer(options, policy, handler);
        await using (server.ConfigureAwait(false))
        {
            server.Start();
            await stdout.WriteLineAsync($"receive: listening on {bind}:{server.Port}{(certificate is null ? "" : " (DICOM TLS)")}, writing to {Path.GetFullPath(output)}").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            // Benchmarks and tests stop the receiver with SIGTERM (background jobs ignore SIGINT).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }
}
