using Aurae.Composer.Configuration;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>An image whose kernel command line gives a static address with ip=, built once per test class.</summary>
public sealed class StaticAddressImage : IDisposable
{
    public const string NodeName = "static-node";
    public const string StaticAddress = "10.0.2.20";

    private readonly TestNodeImage _image = new(NodeName,
        cmdline: $"console=ttyS0 panic=-1 ip={StaticAddress}::10.0.2.2:255.255.255.0::eth0:off",
        extraYaml: "initramfs: {compression: gzip}");

    public NodeConfig Config => _image.Config;

    public string PkiDirectory => _image.PkiDirectory;

    public QemuMachine Boot(int apiPort) => _image.BootKernel(apiPort, StaticAddress);

    public void Dispose() => _image.Dispose();
}
