using System.Text;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Images.Fat;
using Aurae.Images.Iso;
using Aurae.Images.Reproducibility;

namespace Aurae.Composer.Outputs;

/// <summary>
/// A hybrid ISO that boots four ways from one file: as a CD under BIOS (El Torito entry →
/// ISOLINUX → kernel + initramfs) and under UEFI (El Torito EFI entry → a FAT image whose
/// \EFI\BOOT\BOOTX64.EFI is the UKI), and written raw to a USB stick under BIOS (the isohybrid
/// MBR code → ISOLINUX) and UEFI (the FAT image is also partition 2 in the MBR and the ESP in the GPT).
/// </summary>
public static class IsoOutput
{
    public const string IsolinuxDirectory = "isolinux";
    public const string KernelPath = "boot/vmlinuz";
    public const string InitramfsPath = "boot/initramfs.img";
    public const string EfiImagePath = "EFI/efiboot.img";
    private const string EfiVolumeLabel = "AURAE-EFI";

    public static string FileName(string nodeName) => $"{nodeName}.iso";

    public static void Write(ComposedNode node, ReadOnlyMemory<byte> uki, StagedOutputDirectory output)
    {
        var boot = node.Config.Boot;
        var timestamp = BuildTime.Value;
        var seed = $"aurae/{node.Config.Name}/iso";

        var efiImage = new FatFileSystemBuilder(EfiVolumeLabel, SeededGuid.CreateUInt32($"{seed}/efi-volume-id"), timestamp);
        efiImage.AddFile(EfiSystemDisk.BootProgramPath, uki);
        var efiVolume = efiImage.BuildSmallest();
        var efiBytes = new byte[efiVolume.Length];
        efiVolume.WriteTo(new MemoryStream(efiBytes));

        var iso = new IsoImageBuilder(VolumeIdentifier(node.Config.Name), timestamp);
        iso.AddFile($"{IsolinuxDirectory}/isolinux.bin", ReadBootFile(boot.Isolinux));
        iso.AddFile($"{IsolinuxDirectory}/ldlinux.c32", ReadBootFile(boot.Ldlinux));
        iso.AddFile($"{IsolinuxDirectory}/isolinux.cfg", Encoding.UTF8.GetBytes(IsolinuxConfig(node.CommandLine)));
        iso.AddFile(KernelPath, node.Kernel.Vmlinuz);
        iso.AddFile(InitramfsPath, node.Initramfs);
        iso.AddFile(EfiImagePath, efiBytes);
        iso.BiosBoot = new ElToritoBiosBoot($"{IsolinuxDirectory}/isolinux.bin", $"{IsolinuxDirectory}/boot.cat");
        iso.EfiBoot = new ElToritoEfiBoot(EfiImagePath);
        iso.Hybrid = new IsoHybridOptions(ReadBootFile(boot.IsohybridMbr), SeededGuid.CreateUInt32($"{seed}/mbr-signature"),
            SeededGuid.Create($"{seed}/disk"), SeededGuid.Create($"{seed}/esp"), SeededGuid.Create($"{seed}/iso9660"));

        using var file = output.Create(FileName(node.Config.Name));
        iso.WriteTo(file);
    }

    /// <summary>
    /// ISOLINUX's configuration: boot the one entry at once, no menu, no prompt; its messages
    /// also on the first serial port, where headless machines are watched.
    /// </summary>
    public static string IsolinuxConfig(string commandLine) =>
        $"""
         SERIAL 0 115200
         DEFAULT aurae
         PROMPT 0
         TIMEOUT 0
         LABEL aurae
           KERNEL /{KernelPath}
           INITRD /{InitramfsPath}
           APPEND {commandLine}

         """;

    /// <summary>The volume identifier (ECMA-119 d-characters, at most 32): the node name in capitals.</summary>
    public static string VolumeIdentifier(string nodeName)
    {
        var id = new string(nodeName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return id.Length > 32 ? id[..32] : id;
    }

    private static byte[] ReadBootFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read boot file '{path}': {e.Message}", e);
        }
    }
}
