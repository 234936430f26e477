using System.Net;
using Aurae.Api.Node.V0;
using Aurae.Client;
using Aurae.Composer.Outputs;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// Coldplug: the image carries drivers for hardware it may meet and forces none; at boot auraed
/// matches the devices' modaliases against the image's alias index and loads exactly the drivers
/// the machine needs: with the cloud kernel a VMware vmxnet3 NIC (the cloud kernel has no e1000), with the generic
/// kernel an Intel e1000 among every Ethernet driver, each beside a virtio-blk disk.
/// </summary>
public sealed class ColdplugBootTests
{
    [Fact]
    public async Task A_vmxnet3_nic_and_a_virtio_blk_disk_get_their_drivers_from_the_alias_index()
    {
        using var image = new TestNodeImage("coldplug-node", modules: "[virtio_pci, virtio_net, virtio_blk, vmxnet3]",
            kernelExtraYaml: "  modules_load: []");
        var (machine, info) = await BootWithNicAndDiskAsync(image, "vmxnet3");
        using var _ = machine;

        var loaded = info.Node.LoadedModules;
        Assert.Contains("vmxnet3", loaded);
        Assert.Contains("virtio_pci", loaded);
        Assert.Contains("virtio_blk", loaded);
        // Carried but not needed: the machine has no virtio NIC, so nothing loads its driver.
        Assert.DoesNotContain("virtio_net", loaded);
        Assert.Contains("coldplug:", machine.Console);
        // The daemon reports its own memory: resident, and no more than its peak.
        Assert.InRange(info.DaemonMemory.RssBytes, 10UL << 20, 500UL << 20);
        Assert.True(info.DaemonMemory.PeakRssBytes >= info.DaemonMemory.RssBytes);
        Assert.Contains(info.Node.Addresses, a => a.Interface == "eth0" && a.Cidr.StartsWith("10.0.2.15/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_generic_kernel_picks_e1000_out_of_every_ethernet_driver_and_passes_it_the_command_line_parameters()
    {
        // "e1000.aurae_probe=1": the kernel leaves module parameters of loadable modules to whoever loads them;
        // auraed passes them to finit_module as modprobe does, and the kernel reports the unknown one by name.
        using var image = new TestNodeImage("generic-node", modules: "[\"@baremetal-nics\", virtio_pci, virtio_net, virtio_blk]",
            kernelExtraYaml: "  modules_load: []", cmdline: "console=ttyS0 panic=-1 e1000.aurae_probe=1",
            kernelDeb: TestEnvironment.GenericKernelDeb);
        Assert.Contains(image.Build.Node.CarriedModules, m => m.Name == "e1000e"); // carried: the whole set is in the image
        var (machine, info) = await BootWithNicAndDiskAsync(image, "e1000");
        using var _ = machine;

        Assert.EndsWith("-amd64", info.Node.KernelRelease, StringComparison.Ordinal);
        Assert.DoesNotContain("cloud", info.Node.KernelRelease, StringComparison.Ordinal);
        var loaded = info.Node.LoadedModules;
        Assert.Contains("e1000", loaded);
        Assert.Contains("virtio_pci", loaded);
        Assert.Contains("virtio_blk", loaded);
        foreach (var absent in new[] { "e1000e", "igb", "virtio_net", "r8169" })
            Assert.DoesNotContain(absent, loaded);
        Assert.Contains("e1000: unknown parameter 'aurae_probe' ignored", machine.Console);
        Assert.Contains(info.Node.Addresses, a => a.Interface == "eth0" && a.Cidr.StartsWith("10.0.2.15/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Boots the image's kernel and initramfs with a NIC of QEMU model <paramref name="nic"/> and a blank virtio-blk
    /// disk, waits for the API and returns the machine (the caller disposes it) with its node info.
    /// </summary>
    private static async Task<(QemuMachine Machine, InfoResponse Info)> BootWithNicAndDiskAsync(TestNodeImage image, string nic)
    {
        var disk = Path.Combine(image.OutputDirectory, "blank.raw");
        using (var file = File.Create(disk))
            file.SetLength(16 << 20);
        var apiPort = FreePort.Next();
        var machine = QemuMachine.Start(
        [
            "-kernel", image.OutputFile(PxeOutput.KernelFile),
            "-initrd", image.OutputFile(PxeOutput.InitramfsFile),
            "-append", image.Config.Kernel.Cmdline,
            "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{apiPort}-10.0.2.15:{image.Config.Api.Listen.Port}",
            "-device", $"{nic},netdev=n0",
            "-drive", $"file={disk},format=raw,if=virtio",
        ]);
        try
        {
            await machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(4));
            using var channel = NodeChannel.Open(new IPEndPoint(IPAddress.Loopback, apiPort), image.Config.Name,
                ClientIdentity.FromPkiDirectory(image.PkiDirectory));
            var info = await new NodeService.NodeServiceClient(channel).InfoAsync(new InfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            return (machine, info);
        }
        catch
        {
            machine.Dispose();
            throw;
        }
    }
}
