namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A cancellation token that fires when <paramref name="timeout"/> elapses on the given clock or when the outer token
/// is cancelled, whichever comes first; <see cref="Expired"/> tells the two apart.
/// (CancellationTokenSource.CreateLinkedTokenSource has no TimeProvider overload, hence two sources.)
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken outer)
    {
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, outer);
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
