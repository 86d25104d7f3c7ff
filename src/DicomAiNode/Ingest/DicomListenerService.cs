using System.Net;

using DicomAiNode.Audit;
using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Network;
using DicomAiNode.Observability;
using DicomAiNode.Storage;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomAiNode.Ingest;

/// <summary>
/// Runs the node's C-STORE SCP (the toolkit's <see cref="DicomServer"/>) with the <c>Node</c> settings, the peers'
/// admission policy and the spooling, indexing handler; writes the per-study "instances received" audit lines.
/// Stopping stops accepting, lets in-flight associations finish (then aborts them) and writes the last audit lines.
/// </summary>
public sealed class DicomListenerService : BackgroundService
{
    /// <summary>An association's instances of a study are audited once none came for this long.</summary>
    public static readonly TimeSpan TallyIdle = TimeSpan.FromMilliseconds(300);

    private readonly NodeOptions _options;
    private readonly NodeAssociationPolicy _policy;
    private readonly NodeCStoreHandler _handler;
    private readonly ReceptionTally _tally;
    private readonly AuditLog _audit;
    private readonly StudyRepository _studies;
    private readonly ComponentStatusBoard _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<DicomListenerService> _logger;
    private DicomServer? _server;

    public DicomListenerService(IOptions<NodeOptions> options, NodeAssociationPolicy policy, NodeCStoreHandler handler, ReceptionTally tally, AuditLog audit,
        StudyRepository studies, ComponentStatusBoard status, TimeProvider time, ILoggerFactory loggers)
    {
        _studies = studies;
        _options = options.Value;
        _policy = policy;
        _handler = handler;
        _tally = tally;
        _audit = audit;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<DicomListenerService>();
    }

    /// <summary>The port the SCP listens on (the one picked by the OS when <c>Node:Port</c> is 0).</summary>
    public int Port => _server?.Port ?? throw new InvalidOperationException("The SCP is not started.");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _handler.OpenSpool();
        await RemoveUnacknowledgedAsync(cancellationToken);
        var node = _options.Node;
        _server = new DicomServer(TlsCertificates.Apply(new DicomServerOptions
        {
            TimeProvider = _time,
            BindAddress = IPAddress.Parse(node.BindAddress),
            Port = node.Port,
            MaxAssociations = node.MaxAssociations,
            MaxPduLength = (uint)node.MaxPduLength,
            ArtimTimeout = TimeSpan.FromSeconds(node.AssociationTimeoutSeconds),
            DimseTimeout = TimeSpan.FromSeconds(node.DimseTimeoutSeconds),
            IdleTimeout = TimeSpan.FromSeconds(node.IdleTimeoutSeconds),
        }, _options), _policy, _handler, logger: _loggers.CreateLogger<DicomServer>());
        try
        {
            _server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            _status.Report(ComponentStatusBoard.Scp, false, $"cannot listen on {node.BindAddress}:{node.Port}: {e.Message}");
            throw new InvalidOperationException($"Node: cannot listen on {node.BindAddress}:{node.Port}: {e.Message}", e);
        }
        _status.Report(ComponentStatusBoard.Scp, true, $"{node.AeTitle} listening on {node.BindAddress}:{_server.Port}{(node.Tls.Enabled ? " (DICOM TLS)" : "")}");
        Log.ScpListening(_logger, node.AeTitle, node.BindAddress, _server.Port, _handler.SpoolFolder);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Of the spool files the journal restored, removes those the index does not hold: they were never acknowledged
    /// (the index commit comes before Success), so the sender still has them, and nothing would ever read or purge them.
    /// </summary>
    private async Task RemoveUnacknowledgedAsync(CancellationToken cancellationToken)
    {
        var restored = _handler.RecoveredFiles;
        if (restored.Count == 0) return;
        int removed = 0;
        foreach (var path in restored)
        {
            if (await _studies.ContainsInstanceAsync(Path.GetFileNameWithoutExtension(path), cancellationToken)) continue;
            File.Delete(path);
            removed++;
        }
        Log.SpoolJournalRecovered(_logger, restored.Count - removed, removed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TallyIdle / 2, _time, stoppingToken);
                await FlushAsync(_time.GetUtcNow() - TallyIdle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException e)
            {
                Log.ReceptionAuditFailed(_logger, e);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
            await _server.DisposeAsync();
            _status.Report(ComponentStatusBoard.Scp, false, "stopped");
            Log.ScpStopped(_logger);
        }
        await base.StopAsync(cancellationToken);
        await FlushAsync(null, CancellationToken.None);
    }

    private async Task FlushAsync(DateTimeOffset? idleSince, CancellationToken cancellationToken)
    {
        foreach (var count in _tally.Take(idleSince))
        {
            Log.InstancesReceived(_logger, count.Instances, count.Bytes, count.StudyInstanceUid, count.CallingAeTitle);
            await _audit.WriteAsync(AuditEvents.InstancesReceived(count.StudyInstanceUid, count.CallingAeTitle, count.Peer, count.Instances, count.Bytes, count.PatientId)
                with { CalledAeTitle = _options.Node.AeTitle }, cancellationToken);
        }
    }
}
