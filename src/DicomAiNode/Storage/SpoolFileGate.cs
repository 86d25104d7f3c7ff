namespace DicomAiNode.Storage;

/// <summary>
/// Keeps retention from deleting a spool file while an instance with the same SOP Instance UID (hence the same file)
/// is being received: the C-STORE handler holds the file's path from before its temporary file is renamed into place
/// until the instance is indexed, and retention deletes a purged study's file only when no receive holds it, under
/// the same gate, so that no receive can start in between. Without it, a study sent again just as it is purged could
/// be indexed with a file that retention then deletes.
/// </summary>
public sealed class SpoolFileGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, int> _receiving = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="path"/> as being received until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> EnterReceiveAsync(string path, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _receiving[path] = _receiving.GetValueOrDefault(path) + 1;
        }
        finally
        {
            _gate.Release();
        }
        return new Receive(this, path);
    }

    /// <summary>
    /// Runs <paramref name="delete"/> unless <paramref name="path"/> is being received (then returns false without
    /// running it); no receive of any path starts while it runs, so keep it short (one check, one unlink).
    /// </summary>
    public async Task<bool> DeleteUnlessReceivingAsync(string path, Func<Task> delete, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_receiving.ContainsKey(path)) return false;
            await delete();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task LeaveAsync(string path)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_receiving[path] == 1) _receiving.Remove(path);
            else _receiving[path]--;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Receive(SpoolFileGate gate, string path) : IAsyncDisposable
    {
        private int _left;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) await gate.LeaveAsync(path);
        }
    }
}
