using DicomAiNode.Configuration;

using Microsoft.Extensions.Options;

namespace DicomAiNode.Audit;

/// <summary>
/// The append-only audit log: one JSON line per event, chained by SHA-256 (<see cref="AuditChain"/>). One writer at a
/// time; each event is flushed (and fsynced, by default) before <see cref="WriteAsync"/> returns. After a restart the
/// chain continues from the last complete line; a torn last line (crash in the middle of a write, never acknowledged)
/// is cut off.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private readonly string _path;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private FileStream? _stream;
    private string _lastHash = AuditChain.Genesis;

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
            var stream = _stream ??= Open();
            var line = AuditLineFormat.Write(e, _lastHash);
            var bytes = new byte[line.Length + 1];
            line.CopyTo(bytes, 0);
            bytes[^1] = (byte)'\n';
            // One write per line, so a crash leaves at most one torn line at the end.
            await stream.WriteAsync(bytes, CancellationToken.None);
            if (_options.Fsync == AuditFsyncPolicy.PerEvent) stream.Flush(flushToDisk: true);
            else await stream.FlushAsync(CancellationToken.None);
            _lastHash = AuditChain.Hash(line);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.WaitAsync();
        try
        {
            if (_stream is not null) await _stream.DisposeAsync();
            _stream = null;
        }
        finally
        {
            _writer.Release();
        }
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        try
        {
            var (completeLength, lastLine) = FindLastLine(stream);
            if (completeLength < stream.Length) stream.SetLength(completeLength);
            _lastHash = lastLine is null ? AuditChain.Genesis : AuditChain.Hash(lastLine);
            stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
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
