using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>PID 1 must never leave by accident (the kernel would panic): a fatal error is logged and the machine powers off.</summary>
public sealed class FatalErrorBootTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("aurae-fatal-").FullName;

    [Fact]
    public async Task An_api_address_the_node_does_not_have_is_logged_as_fatal_and_the_node_powers_off_without_panic()
    {
        var pki = Path.Combine(_work, "pki");
        PkiInitializer.Init(pki, [new NodeIdentity("fatal-node")]);
        var yaml = Path.Combine(_work, "node.yaml");
        // DHCP gives 10.0.2.15; 10.9.9.9 can never be bound, so starting the API fails.
        File.WriteAllText(yaml, $"""
            name: fatal-node
            kernel:
              deb: {TestEnvironment.KernelDeb}
              modules: [virtio_pci, virtio_net]
            pki: {pki}
            api:
              listen: 10.9.9.9:8080
            initramfs:
              compression: gzip
            outputs: [pxe]
            """);
        var config = NodeConfigLoader.Load(yaml);
        var output = Path.Combine(_work, "out");
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(config, output);

        using var machine = QemuMachine.BootKernel(Path.Combine(output, PxeOutput.KernelFile),
            Path.Combine(output, PxeOutput.InitramfsFile), config.Kernel.Cmdline, FreePort.Next(), "10.0.2.15", 8080);

        Assert.True(machine.WaitForExit(TimeSpan.FromMinutes(4)), $"the node did not power off:\n{machine.Console}");
        var console = machine.Console;
        Assert.Contains("auraed error auraed: fatal:", console);
        Assert.Contains("10.9.9.9:8080", console);
        Assert.Contains("reboot: Power down", console);
        Assert.DoesNotContain("Kernel panic", console);
        Assert.True(console.IndexOf("fatal:", StringComparison.Ordinal) < console.IndexOf("syncing filesystems", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
