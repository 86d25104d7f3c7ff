using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomAiNode.Dicom.Network;

/// <summary>The flushes durable spooling needs, beyond what <see cref="RandomAccess.FlushToDisk"/> (fsync) offers.</summary>
internal static partial class FileSync
{
    /// <summary>Whether fdatasync/syncfs are available (Linux); elsewhere the spool uses fsync of file and folder only.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>
    /// fdatasync(2): the file's data and what is needed to read it back, not its time stamps. On a file whose blocks
    /// are already allocated and written (a pre-zeroed journal segment) this is a data write plus a cache flush,
    /// without a file-system journal commit, so it does not wait for other processes' dirty data.
    /// </summary>
    public static void DataSync(SafeFileHandle handle)
    {
        if (Fdatasync((int)handle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>syncfs(2): flushes everything written to the file system holding <paramref name="folder"/>.</summary>
    public static void SyncFileSystem(string folder)
    {
        int fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open {folder} (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Syncfs(fd) != 0)
            {
                throw new IOException($"syncfs failed on {folder} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>POSIX: a new or renamed directory entry is durable only once the directory itself is flushed.</summary>
    public static void FlushDirectory(string folder)
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

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
