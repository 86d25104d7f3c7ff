using DicomAiNode.Configuration;
using DicomAiNode.Dicom.Data;
using DicomAiNode.Dicom.Network;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Outbox;

/// <summary>
/// Keeps C-STORE associations to result destinations open between outbox batches, so that the results of a busy
/// hour go over a few associations rather than one per batch. An association is taken for one batch at a time
/// (<see cref="AcquireAsync"/>), given back open (<see cref="ReturnAsync"/>) and released (A-RELEASE, PS3.8 7.2) once
/// it has been idle for <see cref="OutboxOptions.AssociationIdleSeconds"/>; one the peer closed or aborted meanwhile
/// is dropped at the next acquisition, and the sender opens a fresh one when a reused association fails mid-batch.
/// </summary>
public sealed class ResultAssociationPool : IAsyncDisposable
{
    /// <summary>Result classes proposed on every association, so that one association carries SEG and SR alike.</summary>
    private static readonly string[] ResultClasses = [DicomUID.SegmentationStorage.UID, DicomUID.ComprehensiveSRStorage.UID];

    private static readonly string[] Uncompressed = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];

    private readonly NodeOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(DicomAssociation Association, DateTimeOffset IdleSince)>> _idle = new(StringComparer.Ordinal);
    private readonly ITimer? _sweeper;
    // TLS settings per destination, certificates loaded from disk once (not at every new association).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PeerOptions, DicomClientTlsOptions?> _tls = new();
    private Task _sweeping = Task.CompletedTask;
    private int _opened;
    private bool _disposed;

    public ResultAssociationPool(IOptions<NodeOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (IdleTime > TimeSpan.Zero)
        {
            var period = TimeSpan.FromMilliseconds(Math.Max(100, IdleTime.TotalMilliseconds / 4));
            _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
        }
    }

    /// <summary>How long an association may stay open without work; zero releases it after every batch.</summary>
    public TimeSpan IdleTime => TimeSpan.FromSeconds(Math.Max(0, _options.Outbox.AssociationIdleSeconds));

    /// <summary>Associations opened since start (each pooled association counts once, however many batches it carried).</summary>
    public int AssociationsOpened => Volatile.Read(ref _opened);

    /// <summary>Associations open and waiting for work.</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>
    /// An open association to <paramref name="destination"/> that accepted every SOP class of <paramref name="sopClasses"/>:
    /// the most recently used idle one, else a new one. Throws as <see cref="DicomClient.AssociateAsync"/> does.
    /// </summary>
    public async Task<PooledAssociation> AcquireAsync(PeerOptions destination, IReadOnlyCollection<string> sopClasses, bool fresh, CancellationToken cancellationToken)
    {
        var client = Client(destination);
        string key = client.Options.ToString();
        var stale = new List<DicomAssociation>();
        PooledAssociation? found = null;
        lock (_gate)
        {
            if (_idle.TryGetValue(key, out var list))
            {
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    var association = list[i].Association;
                    if (!association.IsOpen)
                    {
                        stale.Add(association);
                        list.RemoveAt(i);
                    }
                    else if (found is null && !fresh && sopClasses.All(c => association.FindAcceptedContext(c) is not null))
                    {
                        list.RemoveAt(i);
                        found = new PooledAssociation(key, association, Reused: true);
                    }
                }
            }
        }
        foreach (var association in stale)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
        if (found is not null)
        {
            return found;
        }

        var classes = ResultClasses.Union(sopClasses, StringComparer.Ordinal).ToList();
        if (classes.Count > 128)
        {
            throw new ArgumentException($"{classes.Count} SOP classes need more presentation contexts than one association carries (PS3.8 9.3.2.2)", nameof(sopClasses));
        }
        // PS3.8 9.3.2.2: presentation context IDs are odd.
        var contexts = classes.Select((c, i) => new ProposedPresentationContext((byte)((2 * i) + 1), c, Uncompressed)).ToList();
        var opened = await client.AssociateAsync(contexts, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _opened);
        return new PooledAssociation(key, opened, Reused: false);
    }

    /// <summary>Gives an association back after a batch: kept for the next batch while open and <paramref name="reusable"/>, else released or aborted.</summary>
    public async Task ReturnAsync(PooledAssociation lease, bool reusable)
    {
        if (reusable && lease.Association.IsOpen && IdleTime > TimeSpan.Zero)
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    if (!_idle.TryGetValue(lease.Destination, out var list)) _idle[lease.Destination] = list = [];
                    list.Add((lease.Association, _time.GetUtcNow()));
                    return;
                }
            }
        }
        await CloseAsync(lease.Association).ConfigureAwait(false);
    }

    /// <summary>Releases every idle association (shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        List<DicomAssociation> all;
        lock (_gate)
        {
            _disposed = true;
            all = _idle.Values.SelectMany(l => l.Select(e => e.Association)).ToList();
            _idle.Clear();
        }
        if (_sweeper is not null) await _sweeper.DisposeAsync().ConfigureAwait(false);
        await _sweeping.ConfigureAwait(false);
        await Task.WhenAll(all.Select(CloseAsync)).ConfigureAwait(false);
    }

    private DicomClient Client(PeerOptions destination) => new(new DicomClientOptions
    {
        Host = destination.Host,
        Port = destination.Port,
        CallingAETitle = _options.Node.AeTitle,
        CalledAETitle = destination.AeTitle,
        DimseTimeout = TimeSpan.FromSeconds(_options.Node.DimseTimeoutSeconds),
        AssociationTimeout = TimeSpan.FromSeconds(_options.Node.AssociationTimeoutSeconds),
        Tls = _tls.GetOrAdd(destination, d => TlsCertificates.ForDestination(d, _options)),
        TimeProvider = _time,
    });

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        var expired = new List<DicomAssociation>();
        lock (_gate)
        {
            if (!_sweeping.IsCompleted) return;
            foreach (var list in _idle.Values)
            {
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    if (now - list[i].IdleSince >= IdleTime || !list[i].Association.IsOpen)
                    {
                        expired.Add(list[i].Association);
                        list.RemoveAt(i);
                    }
                }
            }
            if (expired.Count > 0) _sweeping = Task.WhenAll(expired.Select(CloseAsync));
        }
    }

    /// <summary>A-RELEASE when still open (the association aborts itself when the peer does not answer), else just close.</summary>
    private static async Task CloseAsync(DicomAssociation association)
    {
        try
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomNetworkException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The peer went away first: nothing is left to release.
        }
    }
}
