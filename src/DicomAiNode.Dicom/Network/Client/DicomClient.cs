using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A DICOM SCU for one peer: opens associations (optionally over DICOM TLS), verifies (C-ECHO) and stores
/// (C-STORE) many instances over one association. Stateless between calls, so an outbox can share one instance.
/// </summary>
public sealed class DicomClient
{
    private long _nextId;
    private readonly DicomClientOptions _options;

    public DicomClient(DicomClientOptions options) => _options = options;

    public DicomClientOptions Options => _options;

    /// <summary>Requests an association with the given presentation contexts (Evt1 → AE-1, AE-2, then AE-3 or AE-4).</summary>
    public async Task<DicomAssociation> AssociateAsync(IReadOnlyList<ProposedPresentationContext> contexts, CancellationToken cancellationToken = default)
    {
        if (contexts.Count is 0 or > 128)
        {
            throw new ArgumentException($"Between 1 and 128 presentation contexts can be proposed (PS3.8 §9.3.2.2: odd IDs 1–255); got {contexts.Count}.", nameof(contexts));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            using (var connect = new Deadline(_options.ConnectTimeout, _options.TimeProvider, cancellationToken))
            {
                try
                {
                    await socket.ConnectAsync(_options.Host, _options.Port, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DicomNetworkException($"{_options}: no TCP connection within {_options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                catch (SocketException ex)
                {
                    throw new DicomNetworkException($"{_options}: cannot connect ({ex.SocketErrorCode}: {ex.Message}).", ex);
                }
            }
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Tls is { } tls)
            {
                stream = await AuthenticateAsync(stream, tls, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new UpperLayerConnection(socket, stream, isRequestor: true, CancellationToken.None, _options.TimeProvider)
        {
            MaxReceivePduLength = _options.MaxPduLength,
            ArtimTimeout = _options.AssociationTimeout,
        };
        try
        {
            var request = new AssociateRequestPdu
            {
                CalledAETitle = _options.CalledAETitle,
                CallingAETitle = _options.CallingAETitle,
                PresentationContexts = contexts,
                UserInformation = new UserInformation
                {
                    MaxPduLength = _options.MaxPduLength,
                    ImplementationClassUid = _options.ImplementationClassUid,
                    ImplementationVersionName = _options.ImplementationVersionName,
                    AsynchronousOperationsWindow = _options.MaxOperationsInvoked == 1 ? null : new AsynchronousOperationsWindow(_options.MaxOperationsInvoked, 1),
                    UserIdentity = _options.UserIdentity,
                },
            };
            await connection.FireAsync(AssociationEvent.Evt1).ConfigureAwait(false); // AE-1 (the connect above)
            await connection.FireAsync(AssociationEvent.Evt2, request).ConfigureAwait(false); // AE-2
            IncomingUnit unit;
            try
            {
                unit = await connection.ReadAsync(_options.AssociationTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await connection.FireAsync(AssociationEvent.Evt15).ConfigureAwait(false);
                throw new DicomNetworkException($"{_options}: no answer to A-ASSOCIATE-RQ within {_options.AssociationTimeout.TotalSeconds:0.#} s.");
            }
            catch (PduDecodingException ex)
            {
                connection.PendingAbortReason = ex.Reason;
                await connection.FireAsync(AssociationEvent.Evt19).ConfigureAwait(false);
                throw new DicomNetworkException($"{_options}: invalid answer to A-ASSOCIATE-RQ ({ex.Message}).", ex);
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException)
            {
                throw new DicomNetworkException($"{_options}: the peer closed the connection instead of answering A-ASSOCIATE-RQ.", ex);
            }
            if (unit.IsPdv)
            {
                await connection.SkipFragmentAsync(_options.AssociationTimeout).ConfigureAwait(false);
            }
            await connection.FireAsync(unit.Event).ConfigureAwait(false);
            switch (unit.Pdu)
            {
                case AssociateAcceptPdu accept:
                    return new DicomAssociation(connection, _options, Describe(request, accept, socket, _options.Tls is not null));
                case AssociateRejectPdu reject:
                    throw new DicomAssociationRejectedException(_options.ToString(), reject);
                case AbortPdu abort:
                    throw new DicomNetworkException($"{_options}: the peer aborted the association request (source {abort.Source}, reason {abort.Reason}).");
                default:
                    throw new DicomNetworkException($"{_options}: unexpected {(unit.IsPdv ? "P-DATA-TF" : PduDecoder.Name(unit.Pdu!.Type))} in answer to A-ASSOCIATE-RQ; aborted.");
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Associates with Verification only, sends one C-ECHO, releases.</summary>
    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var association = await AssociateAsync([new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian])], cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return status;
        }
    }

    /// <summary>Sends Part 10 files over one association (see <see cref="StoreSession"/>); one result per file, in order.</summary>
    public async Task<IReadOnlyList<CStoreResult>> StoreFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        await StoreSession.SendFilesAsync(this, paths.ToList(), cancellationToken).ConfigureAwait(false);

    private async Task<SslStream> AuthenticateAsync(Stream inner, DicomClientTlsOptions tls, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            using var handshake = new Deadline(_options.AssociationTimeout, _options.TimeProvider, cancellationToken);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = tls.TargetHost ?? _options.Host,
                // PS3.15 B.1 / BCP 195: TLS 1.2 or 1.3 only.
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificates = tls.ClientCertificate is null ? null : [tls.ClientCertificate],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateServer(tls, certificate, errors),
            }, handshake.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new DicomNetworkException($"{_options}: TLS handshake failed ({ex.Message}).", ex);
        }
    }

    private static bool ValidateServer(DicomClientTlsOptions tls, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        if (!tls.CheckCertificateName)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || tls.TrustedCertificates is not { Count: > 0 } trusted)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }

    private AssociationInfo Describe(AssociateRequestPdu request, AssociateAcceptPdu accept, Socket socket, bool secure)
    {
        var contexts = new List<PresentationContext>();
        foreach (var proposed in request.PresentationContexts)
        {
            var answer = accept.PresentationContexts.FirstOrDefault(a => a.Id == proposed.Id);
            // An answer with a transfer syntax that was not proposed is not an acceptance we can use.
            bool usable = answer is { IsAccepted: true } && proposed.TransferSyntaxes.Contains(answer.TransferSyntax);
            contexts.Add(new PresentationContext(proposed.Id, proposed.AbstractSyntax,
                answer is null ? PresentationContextResult.ProviderRejection : usable ? PresentationContextResult.Acceptance : answer.IsAccepted ? PresentationContextResult.TransferSyntaxesNotSupported : answer.Result,
                answer?.TransferSyntax ?? ""));
        }
        int maxOperations = 1;
        if (request.UserInformation.AsynchronousOperationsWindow is not null && accept.UserInformation.AsynchronousOperationsWindow is { } granted)
        {
            maxOperations = granted.MaxOperationsInvoked;
        }
        return new AssociationInfo
        {
            Id = Interlocked.Increment(ref _nextId),
            CallingAETitle = request.CallingAETitle,
            CalledAETitle = request.CalledAETitle,
            RemoteEndPoint = socket.RemoteEndPoint,
            PresentationContexts = contexts,
            PeerMaxPduLength = accept.UserInformation.MaxPduLength,
            PeerImplementationClassUid = accept.UserInformation.ImplementationClassUid,
            PeerImplementationVersionName = accept.UserInformation.ImplementationVersionName,
            MaxOperationsInvoked = maxOperations,
            IsSecure = secure,
        };
    }
}
