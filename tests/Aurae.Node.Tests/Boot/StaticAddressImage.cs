using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>An image whose kernel command line gives a static address with ip=, built once per test class.</summary>
public sealed class StaticAddressImage : IDisposable
{
    public const string NodeName = "static-node";
    public const string StaticAddress = "10.0.2.20";

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-static-").FullName;

    public StaticAddressImage()
    {
        PkiInitializer.Init(PkiDirectory, [new NodeIdentity(NodeName)]);
        var yaml = Path.Combine(_work, "node.yaml");
        File.WriteAllText(yaml, $"""
            name: {NodeName}
            kernel:
              deb: {TestEnvironment.KernelDeb}
              cmdline: "console=ttyS0 panic=-1 ip={StaticAddress}::10.0.2.2:255.255.255.0::eth0:off"
              modules: [virtio_pci, virtio_net]
            pki: {PkiDirectory}
            initramfs:
              compression: gzip
            outputs: [pxe]
            """);
        Config = NodeConfigLoader.Load(yaml);
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(Config, OutputDirectory);
    }

    public NodeConfig Config { get; }

    public string PkiDirectory => Path.Combine(_work, "pki");

    private string OutputDirectory => Path.Combine(_work, "out");

    public QemuMachine Boot(int apiPort) => QemuMachine.BootKernel(
        Path.Combine(OutputDirectory, PxeOutput.KernelFile), Path.Combine(OutputDirectory, PxeOutput.InitramfsFile),
        Config.Kernel.Cmdline, apiPort, StaticAddress, Config.Api.Listen.Port);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
