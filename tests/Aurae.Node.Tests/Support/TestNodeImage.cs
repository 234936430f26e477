using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// A node built for a test with the real kernel and the static daemon, in a temporary
/// directory deleted on dispose: its PKI (the node, the operator and any extra clients), its
/// node.yaml (the virtio NIC modules, DHCP unless the extra YAML says otherwise) and its outputs.
/// </summary>
public sealed class TestNodeImage : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("aurae-node-test-").FullName;

    /// <param name="name">The node's name.</param>
    /// <param name="outputs">node.yaml's outputs, e.g. "[pxe]".</param>
    /// <param name="cmdline">The kernel command line.</param>
    /// <param name="extraYaml">Further top-level node.yaml fields (api, network, initramfs…).</param>
    /// <param name="clients">Client certificates to issue besides the operator's.</param>
    /// <param name="kernelExtraYaml">Further fields of the kernel section, each line indented by two spaces.</param>
    /// <param name="kernelDeb">The kernel package; the cloud kernel unless given.</param>
    /// <param name="pkiDirectory">A PKI shared with other nodes (one CA, one operator for a fleet); this node's own unless given.</param>
    public TestNodeImage(string name, string outputs = "[pxe]", string cmdline = "console=ttyS0 panic=-1",
        string extraYaml = "", IReadOnlyList<ClientSubject>? clients = null, string modules = "[virtio_pci, virtio_net]",
        string kernelExtraYaml = "", string? kernelDeb = null, string? pkiDirectory = null)
    {
        PkiDirectory = pkiDirectory ?? Path.Combine(_work, "pki");
        PkiInitializer.Init(PkiDirectory, [new NodeIdentity(name)], clients ?? []);
        var yaml = Path.Combine(_work, "node.yaml");
        File.WriteAllText(yaml, $"""
            name: {name}
            kernel:
              deb: {kernelDeb ?? TestEnvironment.KernelDeb}
              cmdline: "{cmdline}"
              modules: {modules}
            {kernelExtraYaml}
            pki: {PkiDirectory}
            outputs: {outputs}
            {extraYaml}
            """);
        Config = NodeConfigLoader.Load(yaml);
        Build = new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(Config, OutputDirectory);
    }

    public NodeConfig Config { get; }

    /// <summary>What the build composed (kernel, modules, manifest) and wrote.</summary>
    public BuildResult Build { get; }

    public string PkiDirectory { get; }

    public string OutputDirectory => Path.Combine(_work, "out");

    public string OutputFile(string name) => Path.Combine(OutputDirectory, name);

    /// <summary>Boots the pxe output's kernel and initramfs directly, the API forwarded to 127.0.0.1:<paramref name="apiPort"/>.</summary>
    public QemuMachine BootKernel(int apiPort, string guestAddress = "10.0.2.15") => QemuMachine.BootKernel(
        OutputFile(PxeOutput.KernelFile), OutputFile(PxeOutput.InitramfsFile), Config.Kernel.Cmdline, apiPort,
        guestAddress, Config.Api.Listen.Port);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
