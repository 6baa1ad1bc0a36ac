using System.Runtime.InteropServices;
using System.Text;
using Ablation.Contracts.Worker;
using Microsoft.Win32.SafeHandles;

namespace Ablation.Training.Worker;

/// <summary>
/// One worker per run folder: an exclusive <c>flock</c> on the folder's <see cref="RunFolder.LockFile"/>,
/// held for the life of the process (the kernel lets go when it exits, however it exits), with
/// the holder's process id inside so that a hung holder can be found. A second worker started on
/// the same folder is refused instead of writing into the first one's checkpoints and events.
/// </summary>
public sealed partial class RunFolderLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockRelease = 8;
    private const int WouldBlock = 11; // EWOULDBLOCK, EAGAIN on Linux
    private const int Interrupted = 4; // EINTR
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;

    private readonly SafeFileHandle _handle;

    private RunFolderLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Takes the folder's lock and writes this process's id into it; null when another process holds it.</summary>
    public static RunFolderLock? TryAcquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var handle = Open(directory);
        if (!TryLock(handle))
        {
            handle.Dispose();
            return null;
        }

        var pid = Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, pid, 0);
        return new RunFolderLock(handle);
    }

    /// <summary>Whether a live process holds the folder's lock now.</summary>
    public static bool IsHeld(string directory)
    {
        if (!File.Exists(Path.Combine(directory, RunFolder.LockFile)))
        {
            return false;
        }

        using var handle = Open(directory);
        if (!TryLock(handle))
        {
            return true;
        }

        _ = Flock(handle, LockRelease);
        return false;
    }

    /// <summary>The process id the last holder wrote, if any (it may have exited since).</summary>
    public static int? HolderPid(string directory)
    {
        var path = Path.Combine(directory, RunFolder.LockFile);
        if (!File.Exists(path))
        {
            return null;
        }

        using var handle = Open(directory);
        var buffer = new byte[32];
        var read = RandomAccess.Read(handle, buffer, 0);
        return int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), out var pid) && pid > 0 ? pid : null;
    }

    public void Dispose() => _handle.Dispose();

    // Opened with libc's open, not .NET's: .NET takes a shared flock of its own on every file it
    // opens (its FileShare emulation), which the holder's exclusive lock refuses, so a .NET open
    // of a held lock file fails instead of telling whether it is held. Close-on-exec, so that no
    // process the opener starts inherits the lock.
    private static SafeFileHandle Open(string directory)
    {
        var path = Path.Combine(directory, RunFolder.LockFile);
        int fd;
        do
        {
            fd = OpenNative(path, ReadWrite | Create | CloseOnExec, 0x1A4); // 0644
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true)
            : throw new IOException($"could not open {path}: error {Marshal.GetLastPInvokeError()}");
    }

    private static bool TryLock(SafeFileHandle handle)
    {
        while (true)
        {
            if (Flock(handle, LockExclusive | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == WouldBlock)
            {
                return false;
            }

            if (errno != Interrupted)
            {
                throw new IOException($"could not lock the run folder ({RunFolder.LockFile}): error {errno}");
            }
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
