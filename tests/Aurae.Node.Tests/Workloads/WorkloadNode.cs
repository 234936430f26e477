using System.Net;
using Aurae.Client;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// A node booted once per test class for the workload APIs (cells, executables, artifacts,
/// observe), kernel and initramfs loaded directly for speed; the API is forwarded to 127.0.0.1.
/// </summary>
public sealed class WorkloadNode : IAsyncLifetime
{
    public const string NodeName = "workload-node";

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-workload-").FullName;

    public string PkiDirectory => Path.Combine(_work, "pki");
    public QemuMachine Machine { get; private set; } = null!;
    public IPEndPoint ApiEndpoint { get; private set; } = null!;
    public ClientIdentity Operator { get; private set; } = null!;
    public ClientIdentity Reader { get; private set; } = null!;
    public const string ReaderName = "viewer";

    public async Task InitializeAsync()
    {
        PkiInitializer.Init(PkiDirectory, [new NodeIdentity(NodeName)], [ClientSubject.Parse($"{ReaderName}:reader")]);
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);
        var pki = new PkiDirectory(PkiDirectory);
        Reader = ClientIdentity.FromPemFiles(pki.CaCertificatePath, pki.ClientCertificatePath(ReaderName), pki.ClientKeyPath(ReaderName));
        var yaml = Path.Combine(_work, "node.yaml");
        File.WriteAllText(yaml, $"""
            name: {NodeName}
            kernel:
              deb: {TestEnvironment.KernelDeb}
              cmdline: "console=ttyS0 panic=-1"
              modules: [virtio_pci, virtio_net]
            pki: {PkiDirectory}
            initramfs:
              compression: gzip
            outputs: [pxe]
            """);
        var config = NodeConfigLoader.Load(yaml);
        var output = Path.Combine(_work, "out");
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(config, output);

        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        Machine = QemuMachine.BootKernel(Path.Combine(output, PxeOutput.KernelFile), Path.Combine(output, PxeOutput.InitramfsFile),
            config.Kernel.Cmdline, ApiEndpoint.Port, "10.0.2.15", config.Api.Listen.Port);
        await Machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(4));
    }

    public GrpcChannel OperatorChannel() => NodeChannel.Open(ApiEndpoint, NodeName, Operator);

    public GrpcChannel ReaderChannel() => NodeChannel.Open(ApiEndpoint, NodeName, Reader);

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
