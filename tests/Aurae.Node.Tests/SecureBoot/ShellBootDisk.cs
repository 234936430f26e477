using Aurae.Testing;

namespace Aurae.Node.Tests.SecureBoot;

/// <summary>
/// A FAT disk (mtools) for OVMF's built-in UEFI Shell: with no boot loader on it, OVMF falls back
/// to the shell, which runs startup.nsh from FS0:. The shell passes a command's arguments as load
/// options, so `vmlinuz initrd=\initrd.img …` starts the kernel's EFI stub with that command line,
/// and it is the firmware, enforcing Secure Boot or not, that decides whether the image may run.
/// </summary>
internal static class ShellBootDisk
{
    private const long SizeBytes = 64L << 20;

    /// <param name="files">Name on the disk (root directory) → host file.</param>
    public static string Create(string path, IReadOnlyList<string> startupCommands, IReadOnlyDictionary<string, string> files)
    {
        using (var stream = File.Create(path))
            stream.SetLength(SizeBytes);
        Tool.Succeed("mformat", "-i", path, "::");
        var startup = Path.Combine(Path.GetDirectoryName(path)!, "startup.nsh");
        File.WriteAllText(startup, string.Concat(new[] { "fs0:" }.Concat(startupCommands).Select(c => c + "\r\n")));
        Tool.Succeed("mcopy", "-i", path, startup, "::startup.nsh");
        foreach (var (name, source) in files)
            Tool.Succeed("mcopy", "-i", path, source, $"::{name}");
        return path;
    }

    /// <summary>A FAT disk whose only program is <paramref name="bootLoader"/> at the removable-media path firmware boots, \EFI\BOOT\BOOTX64.EFI.</summary>
    public static string WithBootLoader(string path, byte[] bootLoader)
    {
        var loader = path + ".efi";
        File.WriteAllBytes(loader, bootLoader);
        Create(path, [], new Dictionary<string, string>());
        Tool.Succeed("mmd", "-i", path, "::EFI", "::EFI/BOOT");
        Tool.Succeed("mcopy", "-i", path, loader, "::EFI/BOOT/BOOTX64.EFI");
        return path;
    }
}
