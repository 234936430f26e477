using System.Net;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Testing;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// A node booted once per test class, with the operator (admin) and a reader client; kernel and
/// initramfs loaded directly for speed (gzip initramfs), the API forwarded to 127.0.0.1.
/// </summary>
public abstract class BootedNode(string nodeName, string readerName) : IAsyncLifetime
{
    private TestNodeImage? _image;

    public string Name => nodeName;
    public string PkiDirectory => _image!.PkiDirectory;
    public QemuMachine Machine { get; private set; } = null!;
    public IPEndPoint ApiEndpoint { get; private set; } = null!;
    public ClientIdentity Operator { get; private set; } = null!;
    public ClientIdentity Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _image = new TestNodeImage(nodeName, extraYaml: "initramfs: {compression: gzip}", clients: [ClientSubject.Parse($"{readerName}:reader")]);
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);
        var pki = new PkiDirectory(PkiDirectory);
        Reader = ClientIdentity.FromPemFiles(pki.CaCertificatePath, pki.ClientCertificatePath(readerName), pki.ClientKeyPath(readerName));
        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        Machine = _image.BootKernel(ApiEndpoint.Port);
        await Machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(4));
    }

    public GrpcChannel OperatorChannel() => NodeChannel.Open(ApiEndpoint, nodeName, Operator);

    public GrpcChannel ReaderChannel() => NodeChannel.Open(ApiEndpoint, nodeName, Reader);

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        _image?.Dispose();
        return Task.CompletedTask;
    }
}
