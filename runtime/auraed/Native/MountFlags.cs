namespace Aurae.Daemon.Native;

/// <summary>Flags of mount(2) and umount2(2), from linux/mount.h and sys/mount.h.</summary>
internal static class MountFlags
{
    public const ulong NoSuid = 2;          // MS_NOSUID
    public const ulong NoDev = 4;           // MS_NODEV
    public const ulong NoExec = 8;          // MS_NOEXEC
    public const ulong RelativeTime = 1 << 21; // MS_RELATIME

    /// <summary>umount2's MNT_DETACH: unmount now, let the last user release it.</summary>
    public const int Detach = 2;
}
