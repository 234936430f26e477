namespace Aurae.Composer.Configuration;

/// <summary>
/// Boot loader files the firmware-facing outputs are assembled from, taken from the build host
/// (Debian's packages by default) or named in node.yaml under <c>boot:</c>. Paths are absolute;
/// each one an output needs was checked to exist when node.yaml was loaded.
/// </summary>
/// <param name="EfiStub">systemd's EFI stub (systemd-boot-efi: linuxx64.efi.stub), the head of every UKI.</param>
/// <param name="Isolinux">ISOLINUX (isolinux: isolinux.bin), the BIOS boot loader of the ISO.</param>
/// <param name="IsohybridMbr">The isohybrid MBR boot code (isolinux: isohdpfx.bin), so the ISO boots from a disk under BIOS.</param>
/// <param name="Ldlinux">ISOLINUX's core module (syslinux-common: ldlinux.c32), which isolinux.bin loads from beside itself.</param>
public sealed record BootFilesConfig(string EfiStub, string Isolinux, string IsohybridMbr, string Ldlinux)
{
    /// <summary>Where Debian 12's packages put the files.</summary>
    public static BootFilesConfig Default { get; } = new(
        "/usr/lib/systemd/boot/efi/linuxx64.efi.stub",
        "/usr/lib/ISOLINUX/isolinux.bin",
        "/usr/lib/ISOLINUX/isohdpfx.bin",
        "/usr/lib/syslinux/modules/bios/ldlinux.c32");

    /// <summary>The node.yaml key, the Debian package that provides the default, and the path, for each file.</summary>
    public IEnumerable<(string Key, string Package, string Path)> Files =>
    [
        ("efi_stub", "systemd-boot-efi", EfiStub),
        ("isolinux", "isolinux", Isolinux),
        ("isohybrid_mbr", "isolinux", IsohybridMbr),
        ("ldlinux", "syslinux-common", Ldlinux),
    ];

    /// <summary>The node.yaml keys of the files an output is made from.</summary>
    public static IReadOnlyList<string> KeysNeededBy(OutputKind kind) => kind switch
    {
        OutputKind.Pxe or OutputKind.Microvm => [],
        OutputKind.Iso => ["efi_stub", "isolinux", "isohybrid_mbr", "ldlinux"],
        _ => ["efi_stub"],
    };
}
