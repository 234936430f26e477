using System.Runtime.InteropServices;

namespace Aurae.Daemon.Native;

/// <summary>
/// struct epoll_event. On x86-64 the kernel declares it packed (12 bytes, data at offset 4);
/// Pack = 4 reproduces that. Other architectures would need the natural 16-byte layout.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}
