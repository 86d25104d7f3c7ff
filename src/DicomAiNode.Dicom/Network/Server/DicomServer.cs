using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A DICOM SCP: an async accept loop on a bind address and port, one task per association, Nagle off, optional DICOM
/// TLS (PS3.15 Annex B, TLS 1.2/1.3 only). Services come in through the constructor: no static registries.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IAssociationPolicy _policy;
    private readonly ICStoreHandler _store;
    private readonly ICEchoHandler _echo;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<long, Task> _associations = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abortAssociations = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private long _nextId;
    private int _active;

    public DicomServer(DicomServerOptions options, IAssociationPolicy policy, ICStoreHandler storeHandler, ICEchoHandler? echoHandler = null, ILogger<DicomServer>? logger = null)
    {
        _options = options;
        _policy = policy;
        _store = storeHandler;
        _echo = echoHandler ?? new SuccessfulEchoHandler();
        _log = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The bound port (the one the OS picked when <see cref="DicomServerOptions.Port"/> is 0).</summary>
    public int Port => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? throw new InvalidOperationException("The server is not started.");

    public int ActiveAssociations => Volatile.Read(ref _active);

    /// <summary>Binds and starts accepting; returns once the port is bound.</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The server is already started.");
        }
        var listener = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        NetworkLog.Listening(_log, listener.LocalEndPoint!, _options.TlsCertificate is not null);
        _acceptLoop = AcceptLoopAsync(listener);
    }

    /// <summary>
    /// Stops accepting, lets in-flight associations finish for <see cref="DicomServerOptions.ShutdownGracePeriod"/>,
    /// then aborts the rest (A-ABORT, then close) and waits for their tasks.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        var inFlight = Task.WhenAll(_associations.Values);
        try
        {
            await inFlight.WaitAsync(_options.ShutdownGracePeriod, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _abortAssociations.CancelAsync().ConfigureAwait(false);
            await inFlight.WaitAsync(TimeSpan.FromSeconds(10), _options.TimeProvider, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abortAssociations.CancelAsync().ConfigureAwait(false);
            await inFlight.WaitAsync(TimeSpan.FromSeconds(10), _options.TimeProvider, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await StopAsync().ConfigureAwait(false);
        }
        _stopAccepting.Dispose();
        _abortAssociations.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopAccepting.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopAccepting.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || _stopAccepting.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection reset before accept completed
            }
            // PS3.8 facts #1: Nagle's delay meets the peer's delayed ACK on every request/response turn.
            socket.NoDelay = true;
            long id = Interlocked.Increment(ref _nextId);
            bool atCapacity = Interlocked.Increment(ref _active) > _options.MaxAssociations;
            var task = Task.Run(() => RunAssociationAsync(id, socket, atCapacity));
            _associations[id] = task;
            _ = task.ContinueWith(_ =>
            {
                _associations.TryRemove(id, out Task? _);
                Interlocked.Decrement(ref _active);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunAssociationAsync(long id, Socket socket, bool atCapacity)
    {
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        bool secure = false;
        if (_options.TlsCertificate is { } certificate)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var handshake = new Deadline(_options.ArtimTimeout, _options.TimeProvider, _abortAssociations.Token);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    // PS3.15 B.1: BCP 195 — TLS 1.2 or 1.3 only.
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = _options.RequireClientCertificate,
                    RemoteCertificateValidationCallback = ValidateClientCertificate,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                }, handshake.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException)
            {
                NetworkLog.TlsFailed(_log, id, remote, ex.Message);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }
            stream = ssl;
            secure = true;
        }
        var association = new ScpAssociation(_options, _policy, _store, _echo, _log, id, socket, stream, remote, secure, atCapacity, _abortAssociations.Token);
        await association.RunAsync().ConfigureAwait(false);
    }

    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return !_options.RequireClientCertificate;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (_options.TlsClientCertificateAuthorities is not { Count: > 0 } authorities)
        {
            return !_options.RequireClientCertificate;
        }
        // Validate against the configured authorities only (self-signed peers list their own certificate).
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented);
    }
}
