namespace Aurae.Daemon.Native;

/// <summary>errno values the daemon reacts to (asm-generic/errno-base.h, errno.h).</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ECHILD = 10;
    internal const int EEXIST = 17;
    internal const int EBUSY = 16;
    internal const int ENODEV = 19;
}
