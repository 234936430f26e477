using System.Net;
using Aurae.Client;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// The example node composed for real and netbooted once per test class: iPXE in QEMU fetches
/// boot.ipxe over HTTP, then the kernel and initramfs; auraed comes up as PID 1 and its API is
/// forwarded to 127.0.0.1.
/// </summary>
public class NetbootedNode : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-netboot-").FullName;

    /// <summary>The kernel package the example is composed with (the example's own: the cloud kernel).</summary>
    protected virtual string KernelDeb => TestEnvironment.KernelDeb;

    public NodeConfig Config { get; private set; } = null!;
    public BuildResult Build { get; private set; } = null!;
    public string PkiDirectory => Path.Combine(_work, "pki");
    public StaticFileServer Server { get; private set; } = null!;
    public QemuMachine Machine { get; private set; } = null!;
    public IPEndPoint ApiEndpoint { get; private set; } = null!;
    public ClientIdentity Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        PkiInitializer.Init(PkiDirectory, []);
        Config = NodeConfigLoader.Load(ExampleNodeYaml.WriteWithInputs(_work, KernelDeb, PkiDirectory));
        PkiInitializer.AddNode(PkiDirectory, new NodeIdentity(Config.Name));
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);

        Build = new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(Config, Path.Combine(_work, "out"));
        Server = new StaticFileServer(Path.Combine(_work, "out"));
        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        Machine = QemuMachine.NetbootOverHttp(Server.Port, "boot.ipxe", ApiEndpoint.Port, Config.Api.Listen.Port);
        await Machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);
    }

    public Grpc.Net.Client.GrpcChannel OperatorChannel() => NodeChannel.Open(ApiEndpoint, Config.Name, Operator);

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        Server?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
