namespace DicomAiNode.Hosting;

/// <summary>
/// Wakes a worker when there is new work (a study became ready, a result entered the outbox), so that workers need
/// not poll quickly. Pulses coalesce: many pulses before a wait wake it once.
/// </summary>
public class WorkSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Pulse()
    {
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already pulsed and not yet consumed.
        }
    }

    /// <summary>Waits for a pulse or the timeout; true when pulsed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pulse.WaitAsync(timeout, cancellationToken);
}
