using System.Net;
using Aurae.Client;
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

    private TestNodeImage? _image;

    public string PkiDirectory => _image!.PkiDirectory;
    public QemuMachine Machine { get; private set; } = null!;
    public IPEndPoint ApiEndpoint { get; private set; } = null!;
    public ClientIdentity Operator { get; private set; } = null!;
    public ClientIdentity Reader { get; private set; } = null!;
    public const string ReaderName = "viewer";

    public async Task InitializeAsync()
    {
        _image = new TestNodeImage(NodeName, extraYaml: "initramfs: {compression: gzip}", clients: [ClientSubject.Parse($"{ReaderName}:reader")]);
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);
        var pki = new PkiDirectory(PkiDirectory);
        Reader = ClientIdentity.FromPemFiles(pki.CaCertificatePath, pki.ClientCertificatePath(ReaderName), pki.ClientKeyPath(ReaderName));
        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        Machine = _image.BootKernel(ApiEndpoint.Port);
        await Machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(4));
    }

    public GrpcChannel OperatorChannel() => NodeChannel.Open(ApiEndpoint, NodeName, Operator);

    public GrpcChannel ReaderChannel() => NodeChannel.Open(ApiEndpoint, NodeName, Reader);

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        _image?.Dispose();
        return Task.CompletedTask;
    }
}
