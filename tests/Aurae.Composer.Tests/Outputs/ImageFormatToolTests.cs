using System.Text.RegularExpressions;
using System.Text.Json;
using Aurae.Composer.Tests.Build;
using static Aurae.Composer.Tests.Build.Shell;

namespace Aurae.Composer.Tests.Outputs;

/// <summary>
/// Every output of one build read back by tools that share no code with ours: objdump/objcopy
/// (UKI), xorriso/isoinfo (ISO), sgdisk/fsck.fat/mtools (raw disk and FAT images), qemu-img
/// (qcow2, VHD, VMDK), tar/gzip (GCE), readelf (vmlinux).
/// </summary>
[Collection(AllFormatsBuildCollection.Name)]
public sealed class ImageFormatToolTests(AllFormatsBuildFixture build)
{
    private const string Node = BuildWorkspace.NodeName;

    private string Uki => build.File($"{Node}.efi");
    private string Iso => build.File($"{Node}.iso");
    private string Raw => build.File($"{Node}.raw");

    [Fact]
    public void The_build_writes_exactly_the_files_of_every_format()
    {
        string[] expected =
        [
            "boot.ipxe", "cmdline", "initramfs.img", "vmlinuz",
            $"{Node}-dynamic.vhd", $"{Node}-gce.tar.gz", $"{Node}.cdx.json", $"{Node}.efi", $"{Node}.iso", $"{Node}.pcr11.json", $"{Node}.qcow2", $"{Node}.raw",
            $"{Node}.vhd", $"{Node}.vmdk",
            "microvm/cloud-hypervisor.sh", "microvm/cmdline", "microvm/firecracker.json", "microvm/initramfs.img", "microvm/vmlinux",
        ];
        var root = build.File("");
        var written = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), written);
    }

    [Fact]
    public void The_uki_carries_each_part_in_its_own_section_in_systemds_order()
    {
        var headers = Succeed($"objdump -h {Quote(Uki)}").Output;
        var names = headers.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 2 && int.TryParse(f[0], out _)).Select(f => f[1]).ToList();
        var appended = names.SkipWhile(n => n != ".osrel").ToList();
        Assert.Equal([".osrel", ".cmdline", ".uname", ".initrd", ".linux", ".sbat"], appended);
        // One .sbat (shim refuses two): the stub's entries and ours; the stub's own, too small for both, renamed.
        Assert.Single(names, n => n == ".sbat");
        Assert.Contains(".sbatstb", names);
        var sbat = System.Text.Encoding.UTF8.GetString(Section(".sbat")).TrimEnd('\0').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sbat,1,SBAT Version,", sbat[0]);
        Assert.Contains(sbat, line => line.StartsWith("systemd,", StringComparison.Ordinal));
        Assert.Equal(Composer.Outputs.UkiOutput.SbatEntry, sbat[^1]);
        Assert.Matches(@"^aurae,1,Aurae,aurae,\d+\.\d+\.\d+,https://", sbat[^1]);

        Assert.Equal(File.ReadAllText(build.File("cmdline")).TrimEnd('\n'), System.Text.Encoding.UTF8.GetString(Section(".cmdline")));
        Assert.Equal(File.ReadAllBytes(build.File("initramfs.img")), Section(".initrd"));
        // objcopy copies SizeOfRawData: the kernel, then zeros up to the file alignment (0x200).
        var kernel = File.ReadAllBytes(build.File("vmlinuz"));
        var linux = Section(".linux");
        Assert.Equal(kernel, linux[..kernel.Length]);
        Assert.True(linux.Length - kernel.Length < 0x200 && linux.Skip(kernel.Length).All(b => b == 0));
        Assert.Contains("ID=aurae", System.Text.Encoding.UTF8.GetString(Section(".osrel")));
        Assert.Matches(@"^\d+\.\d+\.\d+-\d+-cloud-amd64$", System.Text.Encoding.UTF8.GetString(Section(".uname")));
    }

    [Fact]
    public void The_iso_has_bios_and_uefi_el_torito_entries_and_a_hybrid_mbr_and_gpt()
    {
        var torito = Succeed($"xorriso -indev {Quote(Iso)} -report_el_torito plain 2>&1").Output;
        Assert.Matches(@"El Torito boot img :\s+1\s+BIOS\s+y\s+none", torito);
        Assert.Matches(@"El Torito boot img :\s+2\s+UEFI\s+y\s+none", torito);
        Assert.Contains("/isolinux/isolinux.bin", torito);

        var area = Succeed($"xorriso -indev {Quote(Iso)} -report_system_area plain 2>&1").Output;
        Assert.Contains("MBR partition table", area);
        Assert.Contains("GPT", area);
        Assert.Matches(@"MBR partition\s*:\s+2\s+0x00\s+0xef", area);

        // The isohybrid MBR's partition 1 spans the whole image and so contains partition 2, the
        // one thing sgdisk objects to (it does so for xorriso's images too); the GPT itself verifies.
        var verify = Run($"sgdisk -v {Quote(Iso)}").Output;
        Assert.Contains("MBR partitions 1 and 2 overlap", verify);
        Assert.Contains("Identified 1 problems", verify);
        Assert.DoesNotContain("CRC", verify);
        Assert.Contains("Volume id: TEST_NODE", Succeed($"isoinfo -d -i {Quote(Iso)}").Output);
    }

    [Fact]
    public void The_iso_holds_isolinux_the_kernel_the_initramfs_and_an_efi_image_whose_boot_program_is_the_uki()
    {
        var dir = build.Scratch("iso");
        Succeed($"xorriso -osirrox on -indev {Quote(Iso)} -extract / {Quote(dir)} 2>&1");

        Assert.Equal(File.ReadAllBytes(build.File("vmlinuz")), File.ReadAllBytes(Path.Combine(dir, "boot/vmlinuz")));
        Assert.Equal(File.ReadAllBytes(build.File("initramfs.img")), File.ReadAllBytes(Path.Combine(dir, "boot/initramfs.img")));
        Assert.Equal(File.ReadAllBytes("/usr/lib/syslinux/modules/bios/ldlinux.c32"), File.ReadAllBytes(Path.Combine(dir, "isolinux/ldlinux.c32")));
        var config = File.ReadAllText(Path.Combine(dir, "isolinux/isolinux.cfg"));
        Assert.Contains("APPEND console=ttyS0 panic=-1", config);
        Assert.Contains("KERNEL /boot/vmlinuz", config);

        var efi = Path.Combine(dir, "EFI/efiboot.img");
        Succeed($"fsck.fat -n {Quote(efi)}");
        Succeed($"mcopy -n -i {Quote(efi)} ::/EFI/BOOT/BOOTX64.EFI {Quote(Path.Combine(dir, "bootx64.efi"))}");
        Assert.Equal(File.ReadAllBytes(Uki), File.ReadAllBytes(Path.Combine(dir, "bootx64.efi")));
    }

    [Fact]
    public void The_raw_disk_is_a_valid_gpt_disk_whose_efi_system_partition_boots_the_uki()
    {
        Assert.Equal(0, new FileInfo(Raw).Length % (1 << 20));
        Assert.Contains("No problems found", Succeed($"sgdisk -v {Quote(Raw)}").Output);
        var table = Succeed($"sgdisk -p {Quote(Raw)}").Output;
        Assert.Matches(@"\n\s+1\s+2048\s+\d+\s+.*EF00\s+EFI System Partition", table);

        var dir = build.Scratch("raw");
        var esp = Path.Combine(dir, "esp.img");
        var espSectors = new FileInfo(Raw).Length / 512 - 2048 - 2048;
        Succeed($"dd if={Quote(Raw)} of={Quote(esp)} bs=512 skip=2048 count={espSectors} status=none");
        var fsck = Succeed($"fsck.fat -n -v {Quote(esp)}").Output;
        Assert.Contains("2 FATs, 32 bit entries", fsck);
        Succeed($"mcopy -n -i {Quote(esp)} ::/EFI/BOOT/BOOTX64.EFI {Quote(Path.Combine(dir, "bootx64.efi"))}");
        Assert.Equal(File.ReadAllBytes(Uki), File.ReadAllBytes(Path.Combine(dir, "bootx64.efi")));
    }

    [Theory]
    [InlineData(".qcow2", "qcow2")]
    [InlineData(".vhd", "vpc")]
    [InlineData("-dynamic.vhd", "vpc")]
    [InlineData(".vmdk", "vmdk")]
    public void Each_virtual_disk_is_read_by_qemu_as_exactly_the_raw_disk(string suffix, string format)
    {
        var image = build.File(Node + suffix);
        // QEMU's vpc driver has no consistency check ("does not support checks"); compare reads every sector.
        if (format != "vpc")
            Assert.Contains("No errors were found", Succeed($"qemu-img check -f {format} {Quote(image)}").Output);
        var info = JsonDocument.Parse(Succeed($"qemu-img info -f {format} --output=json {Quote(image)}").Output).RootElement;
        Assert.Equal(new FileInfo(Raw).Length, info.GetProperty("virtual-size").GetInt64());
        Assert.Contains("Images are identical", Succeed($"qemu-img compare -f raw -F {format} {Quote(Raw)} {Quote(image)}").Output);
    }

    [Fact]
    public void The_gce_archive_holds_one_disk_raw_of_whole_gib_that_is_a_valid_gpt_disk()
    {
        var archive = build.File($"{Node}-gce.tar.gz");
        Succeed($"gzip -t {Quote(archive)}");
        var listing = Succeed($"tar -tvzf {Quote(archive)}").Output.Trim();
        var fields = listing.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(listing.Split('\n'));
        Assert.Equal("disk.raw", fields[^1]);
        Assert.Equal(0, long.Parse(fields[2]) % (1L << 30));

        var dir = build.Scratch("gce");
        Succeed($"tar -xzf {Quote(archive)} -C {Quote(dir)}");
        Assert.Contains("No problems found", Succeed($"sgdisk -v {Quote(Path.Combine(dir, "disk.raw"))}").Output);
        Assert.Contains("EF00", Succeed($"sgdisk -p {Quote(Path.Combine(dir, "disk.raw"))}").Output);
    }

    [Fact]
    public void The_microvm_bundle_has_an_elf_vmlinux_with_a_pvh_entry_and_vmm_configs_that_name_its_files()
    {
        var vmlinux = build.File("microvm/vmlinux");
        var header = Succeed($"readelf -h {Quote(vmlinux)}").Output;
        Assert.Contains("ELF64", header);
        Assert.Contains("Advanced Micro Devices X86-64", header);
        // XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry QEMU microvm and Cloud Hypervisor jump to.
        Assert.Matches(@"Xen\s+0x[0-9a-f]+\s+(NT_VERSION|Unknown note type: \(0x00000012\)|.*0x12)", Succeed($"readelf -n {Quote(vmlinux)}").Output);

        Assert.Equal(File.ReadAllBytes(build.File("initramfs.img")), File.ReadAllBytes(build.File("microvm/initramfs.img")));
        var config = JsonDocument.Parse(File.ReadAllText(build.File("microvm/firecracker.json"))).RootElement;
        Assert.Equal("vmlinux", config.GetProperty("boot-source").GetProperty("kernel_image_path").GetString());
        Assert.Equal("initramfs.img", config.GetProperty("boot-source").GetProperty("initrd_path").GetString());
        Assert.Equal("console=ttyS0 panic=-1", config.GetProperty("boot-source").GetProperty("boot_args").GetString());
        Assert.Matches("^02:", config.GetProperty("network-interfaces")[0].GetProperty("guest_mac").GetString());

        var script = build.File("microvm/cloud-hypervisor.sh");
        Succeed($"sh -n {Quote(script)}");
        Assert.Contains("--kernel vmlinux", File.ReadAllText(script));
        Assert.True((File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0);
    }

    [Fact]
    public void A_microvm_output_brings_the_virtio_mmio_transport_module()
    {
        var listing = CpioListing.Of(build.File("initramfs.img"));
        Assert.Contains(listing, entry => Regex.IsMatch(entry.Path, @"^lib/modules/[^/]+/kernel/drivers/virtio/virtio_mmio\.ko$"));
    }

    private byte[] Section(string name)
    {
        var dir = build.Scratch("uki-sections");
        var path = Path.Combine(dir, name.TrimStart('.'));
        Succeed($"objcopy -O binary --only-section={name} {Quote(Uki)} {Quote(path)}");
        return File.ReadAllBytes(path);
    }
}
