using System.Net;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Apply;

/// <summary>
/// Two nodes of one PKI (one CA, one operator), booted at once, for `aurae apply` across a fleet;
/// and the operator's client config naming both.
/// </summary>
public sealed class ApplyFleet : IAsyncLifetime
{
    public const string First = "apply-a";
    public const string Second = "apply-b";

    private readonly TemporaryDirectory _work = new("aurae-apply-fleet-");
    private readonly List<TestNodeImage> _images = [];
    private readonly List<QemuMachine> _machines = [];

    public IReadOnlyDictionary<string, IPEndPoint> Endpoints { get; private set; } = null!;

    public string PkiDirectory => _work.Combine("pki");

    public string ConfigPath => _work.Combine("config.yaml");

    public async Task InitializeAsync()
    {
        var endpoints = new Dictionary<string, IPEndPoint>();
        foreach (var name in new[] { First, Second })
        {
            var image = new TestNodeImage(name, extraYaml: "initramfs: {compression: gzip}", pkiDirectory: PkiDirectory);
            _images.Add(image);
            endpoints[name] = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
            _machines.Add(image.BootKernel(endpoints[name].Port));
        }
        Endpoints = endpoints;
        await Task.WhenAll(_machines.Select(machine => machine.WaitForConsoleAsync("auraed info api: serving gRPC", TimeSpan.FromMinutes(6))));
        var pki = new PkiDirectory(PkiDirectory);
        ClientConfigWriter.Write(ConfigPath, new ClientConfig("fleet", [new ClientContext("fleet", pki.CaCertificatePath,
            pki.OperatorCertificatePath, pki.OperatorKeyPath, [.. endpoints.Select(e => new NodeTarget(e.Key, e.Value))])]));
    }

    public GrpcChannel OperatorChannel(string node) =>
        NodeChannel.Open(Endpoints[node], node, ClientIdentity.FromPkiDirectory(PkiDirectory));

    /// <summary>A node's console so far, for a failure's message.</summary>
    public string Consoles() => string.Join("\n", _machines.Select((machine, i) => $"--- {_images[i].Config.Name} ---\n{machine.Console}"));

    /// <summary>Runs `aurae ARGS...` in process with the fleet's config: its exit code and what it printed.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> AuraeAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = await AuraeCommandLine.RunAsync(["--config", ConfigPath, .. args], new CliConsole(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    public Task DisposeAsync()
    {
        foreach (var machine in _machines)
            machine.Dispose();
        foreach (var image in _images)
            image.Dispose();
        _work.Dispose();
        return Task.CompletedTask;
    }
}
