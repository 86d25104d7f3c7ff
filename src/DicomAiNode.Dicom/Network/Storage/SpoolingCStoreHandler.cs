using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// A C-STORE SCP handler that streams each data set into a Part 10 file as it arrives: file meta first, then the data
/// set bytes in the negotiated transfer syntax, under a temporary name in the target folder; then fsync of the file,
/// rename to <c>SOPInstanceUID.dcm</c>, fsync of the folder, and only then Success. The data set is never held in
/// memory; a failure at any step removes the temporary file and answers a failure status, so an acknowledged instance
/// is always complete on disk and an unacknowledged one never replaces a good file.
/// </summary>
public sealed partial class SpoolingCStoreHandler : ICStoreHandler
{
    private const int ChunkLength = 256 * 1024;
    private const int ENOSPC = 28;
    private readonly SpoolingOptions _options;

    public SpoolingCStoreHandler(SpoolingOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.Folder);
    }

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
        long length;
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var header = Part10Header.Encode(request.SopClassUid, uid, request.TransferSyntaxUid, request.CallingAETitle);
                RandomAccess.Write(handle, header, 0);
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
                    length += filled;
                }
                if (_options.Durable)
                {
                    RandomAccess.FlushToDisk(handle);
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
            if (_options.Durable)
            {
                FlushDirectory(_options.Folder);
            }
            if (_options.OnStored is { } onStored)
            {
                await onStored(new StoredInstance(final, request.SopClassUid, uid, request.TransferSyntaxUid, length, existed, request.Association), cancellationToken).ConfigureAwait(false);
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

    /// <summary>POSIX: a rename is durable only once the directory entry is flushed (fsync on the directory).</summary>
    private static void FlushDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        int fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }
        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
