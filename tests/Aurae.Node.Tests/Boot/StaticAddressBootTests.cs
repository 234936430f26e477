using System.Net;
using Aurae.Api.Discovery.V0;
using Aurae.Client;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// The kernel's ip= syntax overriding the image's DHCP, and the orderly shutdown of PID 1:
/// Ctrl-Alt-Del reaches init as SIGINT, the daemon stops the API, the processes and the
/// filesystems, and powers the machine off.
/// </summary>
public sealed class StaticAddressBootTests : IDisposable
{
    private const string NodeName = "static-node";
    private const string StaticAddress = "10.0.2.20";

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-static-").FullName;

    [Fact]
    public async Task Kernel_ip_parameter_sets_a_static_address_and_ctrl_alt_del_powers_off_in_order()
    {
        var pki = Path.Combine(_work, "pki");
        PkiInitializer.Init(pki, [new NodeIdentity(NodeName)]);
        var yaml = Path.Combine(_work, "node.yaml");
        File.WriteAllText(yaml, $"""
            name: {NodeName}
            kernel:
              deb: {TestEnvironment.KernelDeb}
              cmdline: "console=ttyS0 panic=-1 ip={StaticAddress}::10.0.2.2:255.255.255.0::eth0:off"
              modules: [virtio_pci, virtio_net]
            pki: {pki}
            initramfs:
              compression: gzip
            outputs: [pxe]
            """);
        var config = NodeConfigLoader.Load(yaml);
        var output = Path.Combine(_work, "out");
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(config, output);

        var apiPort = FreePort.Next();
        using var machine = QemuMachine.BootKernel(Path.Combine(output, PxeOutput.KernelFile),
            Path.Combine(output, PxeOutput.InitramfsFile), config.Kernel.Cmdline, apiPort, StaticAddress, config.Api.Listen.Port);
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(4));

        using (var channel = NodeChannel.Open(new IPEndPoint(IPAddress.Loopback, apiPort), NodeName,
                   ClientIdentity.FromPkiDirectory(pki)))
        {
            var response = await new DiscoveryService.DiscoveryServiceClient(channel)
                .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.Contains(response.Node.Addresses, a => a.Interface == "eth0" && a.Cidr == $"{StaticAddress}/24");
            Assert.DoesNotContain("DHCP", machine.Console);
        }

        machine.Monitor("sendkey ctrl-alt-delete");
        Assert.True(machine.WaitForExit(TimeSpan.FromSeconds(90)), $"QEMU did not power off:\n{machine.Console}");
        var console = machine.Console;
        var steps = new[]
        {
            "PowerOff requested: signal SIGINT",
            "stopping the API",
            "stopping all processes",
            "syncing filesystems",
            "powering off",
            "reboot: Power down",
        };
        var positions = steps.Select(step => console.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.True(positions.All(p => p >= 0), $"missing shutdown steps:\n{console}");
        Assert.Equal(positions.Order(), positions);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
