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

    public const uint CharacterDevice = 0x2000;
    public const uint Regular = 0x8000;

    [FieldOffset(0)]
    public ulong Device;

    [FieldOffset(8)]
    public ulong Inode;

    [FieldOffset(16)]
    public ulong LinkCount;

    [FieldOffset(24)]
    public uint Mode;

    [FieldOffset(28)]
    public uint Uid;

    [FieldOffset(32)]
    public uint Gid;

    [FieldOffset(40)]
    public ulong SpecialDevice;

    [FieldOffset(72)]
    public Timespec AccessTime;

    [FieldOffset(88)]
    public Timespec ModificationTime;

    public readonly uint Type => Mode & TypeMask;
}
