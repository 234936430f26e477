using System.Net;
using System.Text.RegularExpressions;
using Aurae.Client;
using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Pki;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// The example node composed for real and netbooted once per test class: iPXE in QEMU fetches
/// boot.ipxe over HTTP, then the kernel and initramfs; auraed comes up as PID 1 and its API is
/// forwarded to 127.0.0.1.
/// </summary>
public sealed partial class NetbootedNode : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-netboot-").FullName;

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
        Config = NodeConfigLoader.Load(ExampleWithTestInputs());
        PkiInitializer.AddNode(PkiDirectory, new NodeIdentity(Config.Name));
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);

        Build = new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(Config, Path.Combine(_work, "out"));
        Server = new StaticFileServer(Path.Combine(_work, "out"));
        ApiEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        Machine = QemuMachine.NetbootOverHttp(Server.Port, "boot.ipxe", ApiEndpoint.Port, Config.Api.Listen.Port);
        await Machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);
    }

    public Grpc.Net.Client.GrpcChannel OperatorChannel() => NodeChannel.Open(ApiEndpoint, Config.Name, Operator);

    /// <summary>
    /// examples/node.yaml as a user has it, with only its kernel and PKI paths pointed at this
    /// test's inputs (the example's own are relative to the checkout and may not exist yet).
    /// </summary>
    private string ExampleWithTestInputs()
    {
        var text = File.ReadAllText(TestEnvironment.ExampleNodeYaml);
        text = DebLine().Replace(text, $"  deb: {TestEnvironment.KernelDeb}", 1);
        text = PkiLine().Replace(text, $"pki: {PkiDirectory}", 1);
        var path = Path.Combine(_work, "node.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^  deb: .*$", RegexOptions.Multiline)]
    private static partial Regex DebLine();

    [GeneratedRegex(@"^pki: .*$", RegexOptions.Multiline)]
    private static partial Regex PkiLine();

    public Task DisposeAsync()
    {
        Machine?.Dispose();
        Server?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
