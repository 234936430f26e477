using System.Net;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Hostile;

/// <summary>
/// A node booted once per hostile test class, with the operator (admin) and a reader; kernel
/// and initramfs loaded directly, the API forwarded to 127.0.0.1.
/// </summary>
public sealed class HostileNode : IAsyncLifetime
{
    public const string NodeName = "hostile-node";
    public const string ReaderName = "onlooker";

    private TestNodeImage? _image;

    public string PkiDirectory => _image!.PkiDirectory;
    public QemuMachine Machine { get; private set; } = null!;
    public IPEndPoint ApiEndpoint { get; private set; } = null!;
    public ClientIdentity Operator { get; private set; } = null!;
    public ClientIdentity Reader { get; private set; } = null!;

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

    /// <summary>A channel that trusts the real node and presents <paramref name="certificate"/> (or none).</summary>
    public GrpcChannel ChannelPresenting(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        NodeChannel.Open(ApiEndpoint, new ServerCertificateCheck(Operator.CertificateAuthority, NodeName), certificate);

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        _image?.Dispose();
        return Task.CompletedTask;
    }
}
