using Aurae.Daemon.Firmware;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>
/// efivarfs on /sys/firmware/efi/efivars, for the SecureBoot variable attestation reports. Not in
/// <see cref="FilesystemMounts"/>: Debian's cloud kernel builds efivarfs as a module, so it can only
/// be mounted after the boot modules are loaded, and only on a node that booted through UEFI.
/// </summary>
internal static class EfivarfsMount
{
    public const string Target = SecureBootVariable.EfiRoot + "/efivars";

    /// <summary>Never throws: without efivarfs the node boots and reports Secure Boot as unknown.</summary>
    public static void MountIfEfi()
    {
        if (!Directory.Exists(SecureBootVariable.EfiRoot))
            return;
        // The kernel makes the efivars directory itself; it is in sysfs, where mkdir is not allowed.
        if (LibC.mount("efivarfs", Target, "efivarfs", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec | MountFlags.RelativeTime, null) == 0)
        {
            ConsoleLog.Info("mount", $"efivarfs on {Target}");
            return;
        }
        var errno = LibC.LastError;
        if (errno == Errno.EBUSY)
            return;
        ConsoleLog.Warn("mount", $"efivarfs on {Target}: {LibC.Describe(errno)}" +
                                 (errno == Errno.ENODEV ? " (the efivarfs module is not on the node: Secure Boot will be reported unknown)" : ""));
    }
}
