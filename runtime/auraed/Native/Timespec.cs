using System.Runtime.InteropServices;

namespace Aurae.Daemon.Native;

/// <summary>struct timespec on x86-64: seconds and nanoseconds, 64 bits each.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;
}
