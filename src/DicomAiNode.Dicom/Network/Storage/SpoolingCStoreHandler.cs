using System.Buffers;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A C-STORE SCP handler that streams each data set into a Part 10 file as it arrives: file meta first, then the data
/// set bytes in the negotiated transfer syntax, under a temporary name in the target folder; then fsync of the file,
/// rename to <c>SOPInstanceUID.dcm</c>, fsync of the folder, and only then Success. The data set is never held in
/// memory; a failure at any step removes the temporary file and answers a failure status, so an acknowledged instance
/// is always complete on disk and an unacknowledged one never replaces a good file (<see cref="SpoolingOptions.Validate"/>
/// checks the temporary file before anything is flushed or renamed). With
/// <see cref="SpoolingOptions.Journal"/> the bytes also go to a write-ahead journal whose single flush replaces the two
/// (see <see cref="SpoolJournal"/>); instances it restored on start are listed in <see cref="RecoveredFiles"/>.
/// </summary>
public sealed class SpoolingCStoreHandler : ICStoreHandler, IDisposable
{
    private const int ChunkLength = 256 * 1024;
    private const int ENOSPC = 28;
    private readonly SpoolingOptions _options;
    private readonly SpoolJournal? _journal;

    public SpoolingCStoreHandler(SpoolingOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.Folder);
        if (options.Durable && options.Journal && FileSync.IsSupported)
        {
            _journal = new SpoolJournal(options.Folder, options.JournalSegmentLength, options.JournalSegments);
        }
    }

    /// <summary>Spool files the journal restored when this handler was created (acknowledged before a crash).</summary>
    public IReadOnlyList<string> RecoveredFiles => _journal?.Recovered ?? [];

    public void Dispose() => _journal?.Dispose();

    /// <summary>The final path of an instance: the folder and the SOP Instance UID (digits and dots only, so no path escapes).</summary>
    public string PathFor(string sopInstanceUid) => Path.Combine(_options.Folder, sopInstanceUid + ".dcm");

    public async ValueTask<DimseResponse> OnCStoreAsync(CStoreRequest request, Stream dataSet, CancellationToken cancellationToken)
    {
        string uid = request.SopInstanceUid;
        if (!IsValidUid(uid) || !IsValidUid(request.SopClassUid))
        {
            return new DimseResponse(DicomStatus.CannotUnderstand, $"SOP Class/Instance UID '{request.SopClassUid}'/'{uid}' is not a valid UID (PS3.5 §9.1)");
        }
        string final = PathFor(uid);
        if (_options.Duplicates == DuplicateInstancePolicy.KeepExisting && File.Exists(final))
        {
            return DicomStatus.Success;
        }
        long free = FreeBytes(_options.Folder);
        if (free < _options.MinimumFreeBytes)
        {
            return new DimseResponse(DicomStatus.OutOfResources, $"only {free / (1024 * 1024)} MiB free in the storage folder (minimum {_options.MinimumFreeBytes / (1024 * 1024)} MiB)");
        }

        string temp = Path.Combine(_options.Folder, $".{uid}.{Guid.NewGuid():N}.part");
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkLength);
        var segment = _journal?.Rent();
        bool journaled = false;
        long length;
        object? validation = null;
        try
        {
            // FileShare.Read: the validator reads the file while it is still open for the flush.
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
            {
                var header = Part10Header.Encode(request.SopClassUid, uid, request.TransferSyntaxUid, request.CallingAETitle);
                RandomAccess.Write(handle, header, 0);
                segment?.BeginRecord();
                segment?.Append(header);
                length = header.Length;
                while (true)
                {
                    // Fill a whole chunk before each write: fewer, larger writes whatever the peer's PDU size.
                    int filled = 0;
                    int n;
                    while (filled < ChunkLength && (n = await dataSet.ReadAsync(buffer.AsMemory(filled, ChunkLength - filled), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        filled += n;
                    }
                    if (filled == 0)
                    {
                        break;
                    }
                    RandomAccess.Write(handle, buffer.AsSpan(0, filled), length);
                    segment?.Append(buffer.AsSpan(0, filled));
                    length += filled;
                }
                if (_options.Validate is { } validate)
                {
                    validation = await validate(temp, request, cancellationToken).ConfigureAwait(false);
                }
                if (_options.Durable)
                {
                    journaled = segment is not null && segment.Commit(Path.GetFileName(final), _journal!.NextSequence());
                    if (!journaled)
                    {
                        RandomAccess.FlushToDisk(handle);
                    }
                }
            }
            bool existed = File.Exists(final);
            if (_options.Duplicates == DuplicateInstancePolicy.KeepExisting)
            {
                try
                {
                    File.Move(temp, final, overwrite: false);
                }
                catch (IOException) when (File.Exists(final))
                {
                    File.Delete(temp); // a concurrent association stored it first
                    return DicomStatus.Success;
                }
            }
            else
            {
                File.Move(temp, final, overwrite: true); // rename(2) replaces atomically
            }
            if (_options.Durable && !journaled)
            {
                FileSync.FlushDirectory(_options.Folder);
            }
            if (_options.OnStored is { } onStored)
            {
                var stored = new StoredInstance(final, request.SopClassUid, uid, request.TransferSyntaxUid, length, existed, request.Association) { Validation = validation };
                await onStored(stored, cancellationToken).ConfigureAwait(false);
            }
            return DicomStatus.Success;
        }
        catch (IOException ex) when (ex.HResult == ENOSPC || (ex.HResult & 0xFFFF) == ENOSPC)
        {
            TryDelete(temp);
            return new DimseResponse(DicomStatus.OutOfResources, "storage folder is full");
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (segment is not null)
            {
                // Only now: a checkpoint of this segment must find the spool file already renamed into place.
                _journal!.Return(segment);
            }
        }
    }

    private static bool IsValidUid(string uid)
    {
        if (uid.Length is 0 or > 64 || uid[0] == '.' || uid[^1] == '.')
        {
            return false;
        }
        foreach (char c in uid)
        {
            if (c is not ((>= '0' and <= '9') or '.'))
            {
                return false;
            }
        }
        return true;
    }

    private static long FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return long.MaxValue; // unknown: let the write itself report ENOSPC
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
