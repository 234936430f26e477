using System.Runtime.InteropServices;

namespace Aurae.Daemon.Cells;

/// <summary>
/// The libc calls cgroupfs needs, made directly: a cgroup file must get its whole value in one
/// write(2), and the errno of mkdir/rmdir/write is the only explanation the kernel gives.
/// </summary>
internal static unsafe partial class CgroupSyscalls
{
    private const string Library = "libc";

    internal const int O_WRONLY = 1;
    internal const int O_TRUNC = 0x200;
    internal const int O_CLOEXEC = 0x80000;

    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EAGAIN = 11;

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkdir(string path, uint mode);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rmdir(string path);
}
