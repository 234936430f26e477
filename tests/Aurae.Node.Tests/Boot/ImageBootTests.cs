using System.Net;
using Aurae.Api.Discovery.V0;
using Aurae.Client;
using Aurae.Composer.Configuration;
using Aurae.Composer.Outputs;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// Each image format booted the way a user boots it, under the firmware it is for, until the
/// node's API answers Discover over mutual TLS: the ISO as a CD and as a plain disk (written to
/// a USB stick) under SeaBIOS and OVMF, the disk formats under OVMF, the microVM bundle on QEMU's
/// microvm machine. Disks are attached with snapshot=on so a boot never changes the image.
/// </summary>
public sealed class ImageBootTests(FormatImages images) : IClassFixture<FormatImages>
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public Task The_iso_boots_as_a_cd_under_bios() => BootAndDiscover(null,
        ["-drive", $"file={images.Iso},media=cdrom,if=ide,readonly=on", "-boot", "d"],
        "ISOLINUX 6.04", "ETCD");

    [Fact]
    public Task The_iso_boots_as_a_disk_under_bios() => BootAndDiscover(null,
        ["-drive", $"file={images.Iso},format=raw,if=ide,snapshot=on", "-boot", "c"],
        "ISOLINUX 6.04", "EHDD");

    [Fact]
    public Task The_iso_boots_as_a_cd_under_uefi() => BootAndDiscover(new Ovmf(),
        ["-drive", $"file={images.Iso},media=cdrom,if=none,id=boot,readonly=on", "-device", "ide-cd,drive=boot,bootindex=0"],
        "BdsDxe: starting Boot0001 \"UEFI QEMU DVD-ROM", UkiInitrd);

    [Fact]
    public Task The_iso_boots_as_a_disk_under_uefi() => BootAndDiscover(new Ovmf(),
        ["-drive", $"file={images.Iso},format=raw,if=none,id=boot,snapshot=on", "-device", "ide-hd,drive=boot,bootindex=0"],
        "BdsDxe: starting Boot0001 \"UEFI QEMU HARDDISK", UkiInitrd);

    [Theory]
    [InlineData(OutputKind.RawEfi, "raw")]
    [InlineData(OutputKind.Qcow2, "qcow2")]
    [InlineData(OutputKind.Vhd, "vpc")]
    [InlineData(OutputKind.VhdDynamic, "vpc")]
    [InlineData(OutputKind.Vmdk, "vmdk")]
    public Task Each_disk_format_boots_under_uefi(OutputKind kind, string format) => BootAndDiscover(new Ovmf(),
        ["-drive", $"file={images.Disk(kind)},format={format},if=none,id=boot,snapshot=on", "-device", "virtio-blk-pci,drive=boot,bootindex=0"],
        "BdsDxe: starting Boot0001", UkiInitrd);

    [Fact]
    public Task The_microvm_bundle_boots_its_vmlinux_on_qemus_microvm_machine() => BootAndDiscover(null,
    [
        "-M", "microvm",
        "-kernel", images.Microvm(MicrovmOutput.KernelFile),
        "-initrd", images.Microvm(MicrovmOutput.InitramfsFile),
        "-append", File.ReadAllText(images.Microvm(MicrovmOutput.CommandLineFile)).TrimEnd('\n') + " " + TcgTscFrequency,
    ], netDevice: "virtio-net-device", bootEvidence: ["modules: loaded virtio_mmio"]);

    /// <summary>
    /// microvm has no HPET or ACPI PM timer, so without KVM (no kvm-clock) the kernel can only
    /// calibrate the TSC against the PIT, which fails when the host is busy, and then the boot stalls
    /// before any clock ticks (seen in CI). A stated frequency skips the calibration; it needs only
    /// to be plausible for a test. Firecracker and Cloud Hypervisor run on KVM and need none of it.
    /// </summary>
    private const string TcgTscFrequency = "tsc_early_khz=2000000";

    /// <summary>systemd's stub handed the UKI's .initrd to the kernel: the UEFI path went through the UKI.</summary>
    private const string UkiInitrd = "EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID";

    private Task BootAndDiscover(Ovmf? firmware, string[] arguments, params string[] bootEvidence) =>
        BootAndDiscover(firmware, arguments, "virtio-net-pci", bootEvidence);

    private async Task BootAndDiscover(Ovmf? firmware, string[] arguments, string netDevice, string[] bootEvidence)
    {
        using var _ = firmware;
        var apiPort = FreePort.Next();
        string[] network =
        [
            "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{apiPort}-:{FormatImages.GuestApiPort}",
            // No option ROM: the firmware must not try a network boot before the disk.
            "-device", netDevice == "virtio-net-pci" ? $"{netDevice},netdev=n0,romfile=" : $"{netDevice},netdev=n0",
        ];
        using var machine = QemuMachine.Start((firmware?.Arguments ?? []).Concat(arguments).Concat(network));
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);
        foreach (var evidence in bootEvidence)
            Assert.True(machine.Console.Contains(evidence, StringComparison.Ordinal), $"'{evidence}' is not on the console:\n{machine.Console}");

        using var channel = NodeChannel.Open(new IPEndPoint(IPAddress.Loopback, apiPort), FormatImages.NodeName,
            ClientIdentity.FromPkiDirectory(images.PkiDirectory));
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.True(response.Healthy);
        Assert.Equal(FormatImages.NodeName, response.Node.Hostname);
    }
}
