using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// One build of a DHCP node with the real daemon in every firmware-booted format (ISO, raw EFI
/// disk, qcow2, VHD fixed and dynamic, VMDK) and the microVM bundle, shared by the boot tests.
/// </summary>
public sealed class FormatImages : IDisposable
{
    public const string NodeName = "format-node";
    public const int GuestApiPort = 8080;

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-formats-").FullName;

    public FormatImages()
    {
        PkiInitializer.Init(PkiDirectory, [new NodeIdentity(NodeName)]);
        var yaml = Path.Combine(_work, "node.yaml");
        File.WriteAllText(yaml, $"""
            name: {NodeName}
            kernel:
              deb: {TestEnvironment.KernelDeb}
              cmdline: "console=ttyS0 panic=-1"
              modules: [virtio_pci, virtio_net]
            pki: {PkiDirectory}
            api:
              listen: 0.0.0.0:{GuestApiPort}
            outputs: [iso, raw-efi, qcow2, vhd, vhd-dynamic, vmdk, microvm]
            """);
        Config = NodeConfigLoader.Load(yaml);
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(Config, OutputDirectory);
    }

    public NodeConfig Config { get; }

    public string PkiDirectory => Path.Combine(_work, "pki");

    public string OutputDirectory => Path.Combine(_work, "out");

    public string Iso => Path.Combine(OutputDirectory, IsoOutput.FileName(NodeName));

    public string Disk(OutputKind kind) => Path.Combine(OutputDirectory, VirtualDiskOutputs.FileName(kind, NodeName));

    public string Microvm(string file) => Path.Combine(OutputDirectory, MicrovmOutput.Directory, file);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
