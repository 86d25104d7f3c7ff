using DicomAiNode.Configuration;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Audit;

/// <summary>
/// The append-only audit log: one JSON line per event, chained by SHA-256 (<see cref="AuditChain"/>). Each write
/// takes an exclusive lock on the file, reads the hash of the last complete line, appends one line and flushes (and
/// fsyncs, by default) before <see cref="WriteAsync"/> returns; so the node and the CLI (operator actions) can both
/// append without breaking the chain, and a restart simply continues it. A torn last line (a crash in the middle of
/// a write, never acknowledged) is cut off by the next write.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public AuditLog(IOptions<NodeOptions> options, TimeProvider time)
    {
        _path = options.Value.AuditLogPath;
        _options = options.Value.Audit;
        _time = time;
    }

    public string FilePath => _path;

    /// <summary>Appends the event and returns once it is on disk.</summary>
    public async Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var e = auditEvent with
        {
            Time = auditEvent.Time == default ? _time.GetUtcNow() : auditEvent.Time,
            PatientId = _options.IncludePatientId ? auditEvent.PatientId : null,
        };
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var (writerLock, stream) = await OpenLockedAsync(cancellationToken);
            await using var releaseLock = writerLock;
            await using var closeLog = stream;
            var (completeLength, lastLine) = FindLastLine(stream);
            if (completeLength < stream.Length) stream.SetLength(completeLength);
            var line = AuditLineFormat.Write(e, lastLine is null ? AuditChain.Genesis : AuditChain.Hash(lastLine));
            var bytes = new byte[line.Length + 1];
            line.CopyTo(bytes, 0);
            bytes[^1] = (byte)'\n';
            stream.Seek(0, SeekOrigin.End);
            // One write per line, so a crash leaves at most one torn line at the end.
            await stream.WriteAsync(bytes, CancellationToken.None);
            if (_options.Fsync == AuditFsyncPolicy.PerEvent) stream.Flush(flushToDisk: true);
            else await stream.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _writer.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The file whose exclusive lock serialises writers of all processes; readers never touch it.</summary>
    public string LockFilePath => _path + ".lock";

    /// <summary>
    /// Takes the writers' lock (an advisory lock: .NET opens with FileShare.None as flock LOCK_EX), waiting while
    /// another writer holds it, then opens the log itself shared, so that readers are never blocked.
    /// </summary>
    private async Task<(FileStream Lock, FileStream Log)> OpenLockedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // Lock waits are measured in real time, whatever clock stamps the events.
        long deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        FileStream writerLock;
        while (true)
        {
            try
            {
                writerLock = new FileStream(LockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                break;
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
        }
        try
        {
            var log = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            return (writerLock, log);
        }
        catch
        {
            await writerLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>Length of the file up to its last line feed, and the bytes of the last complete line (null if none).</summary>
    private static (long CompleteLength, byte[]? LastLine) FindLastLine(FileStream stream)
    {
        long length = stream.Length;
        long end = LastIndexOfNewline(stream, length);
        if (end < 0) return (0, null);
        long start = LastIndexOfNewline(stream, end) + 1;
        var line = new byte[end - start];
        stream.Seek(start, SeekOrigin.Begin);
        stream.ReadExactly(line);
        return (end + 1, line);
    }

    /// <summary>Position of the last '\n' before <paramref name="before"/>, or -1.</summary>
    private static long LastIndexOfNewline(FileStream stream, long before)
    {
        var chunk = new byte[8192];
        long position = before;
        while (position > 0)
        {
            int size = (int)Math.Min(chunk.Length, position);
            position -= size;
            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(chunk, 0, size);
            int i = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (i >= 0) return position + i;
        }
        return -1;
    }
}
