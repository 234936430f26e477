using System.Runtime.InteropServices;

namespace Aurae.Daemon.Native;

/// <summary>
/// struct stat as glibc lays it out on x86-64 (bits/struct_stat.h, 144 bytes): only the fields the
/// daemon reads are named.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal struct FileStatus
{
    // st_mode's file type bits (inode(7)).
    public const uint TypeMask = 0xF000;
    public const uint Directory = 0x4000;
    public const uint SymbolicLink = 0xA000;
    public const uint Fifo = 0x1000;

    [FieldOffset(24)]
    public uint Mode;

    public readonly uint Type => Mode & TypeMask;
}
