using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>The filesystems init mounts before anything else runs, in order (parents first).</summary>
internal static class FilesystemMounts
{
    private const ulong MS_NOSUID = MountFlags.NoSuid;
    private const ulong MS_NODEV = MountFlags.NoDev;
    private const ulong MS_NOEXEC = MountFlags.NoExec;
    private const ulong MS_RELATIME = MountFlags.RelativeTime;

    private sealed record Mount(string Source, string Target, string Type, ulong Flags, string? Data, UnixFileMode DirectoryMode);

    private static readonly Mount[] Table =
    [
        // /proc and /dev are normally mounted already by the native pre-init; EBUSY then means done.
        new("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME, null, Mode("555")),
        new("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME, null, Mode("555")),
        new("devtmpfs", "/dev", "devtmpfs", MS_NOSUID | MS_RELATIME, "mode=0755", Mode("755")),
        new("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC | MS_RELATIME, "gid=5,mode=0620,ptmxmode=0666", Mode("755")),
        new("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", Mode("1777")),
        new("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", Mode("755")),
        new("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", Mode("1777")),
        new("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME, "nsdelegate", Mode("755")),
    ];

    /// <summary>Mounts every entry; a failure is logged and the boot goes on with what it has.</summary>
    public static void MountAll()
    {
        foreach (var mount in Table)
        {
            try
            {
                Directory.CreateDirectory(mount.Target, mount.DirectoryMode);
            }
            catch (IOException e)
            {
                ConsoleLog.Error("mount", $"cannot create {mount.Target}: {e.Message}");
                continue;
            }

            if (LibC.mount(mount.Source, mount.Target, mount.Type, mount.Flags, mount.Data) == 0)
            {
                ConsoleLog.Info("mount", $"{mount.Type} on {mount.Target}");
                continue;
            }

            var errno = LibC.LastError;
            if (errno == Errno.EBUSY)
                continue;
            ConsoleLog.Error("mount", $"{mount.Type} on {mount.Target}: {LibC.Describe(errno)}");
        }
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
