using System.Net;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Serve.Configuration;
using Aurae.Testing;

namespace Aurae.Node.Tests.Fleet;

/// <summary>
/// One image for a fleet (node.yaml <c>identity: enroll</c>: the CA certificate and no node key),
/// served by <c>aurae-compose serve</c> (in-process) to three QEMU machines with different MACs
/// that netboot at the same time: a and b with iPXE over HTTP, c through TFTP first. Each machine
/// enrolls: it makes its key at boot and gets its certificate, naming it, from the fleet CA.
/// </summary>
public sealed class EnrollingFleet : IAsyncLifetime
{
    public static readonly (string Name, string Mac)[] Machines =
        [("a", "52:54:00:a0:00:0a"), ("b", "52:54:00:a0:00:0b"), ("c", "52:54:00:a0:00:0c")];

    private static readonly TimeSpan EnrollTimeout = TimeSpan.FromMinutes(8);

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-fleet-").FullName;
    private FleetServe? _serve;

    public string PkiDirectory => Path.Combine(_work, "pki");
    public ServeConfig Serve => _serve!.Config;
    public ClientIdentity Operator { get; private set; } = null!;
    public string ImageDirectory => Path.Combine(_work, "image");
    public Dictionary<string, QemuMachine> Nodes { get; } = [];
    public Dictionary<string, IPEndPoint> ApiEndpoints { get; } = [];

    /// <summary>Every line serve logged so far.</summary>
    public IReadOnlyList<string> ServeLog => _serve!.Log;

    public async Task InitializeAsync()
    {
        PkiInitializer.Init(PkiDirectory, []);
        Operator = ClientIdentity.FromPkiDirectory(PkiDirectory);
        EnrollingImage.Build(_work, PkiDirectory);

        // QEMU's user network answers TFTP to its own address (10.0.2.2:69) itself, so serve's TFTP
        // listens on another port, which iPXE reaches through tftp://10.0.2.2:PORT/.
        _serve = await FleetServe.StartAsync(_work, PkiDirectory, ImageDirectory,
            Machines.Select(m => $"- {{ name: {m.Name}, profile: fleet, mac: \"{m.Mac}\" }}"),
            moreListen: [$"tftp: 127.0.0.1:{FreePort.Next()}"],
            moreTop: ["advertise: 10.0.2.2", "token_ttl: 10m"]);

        foreach (var (name, mac) in Machines)
        {
            var api = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
            ApiEndpoints[name] = api;
            var bootfile = name == "c"
                ? $"tftp://10.0.2.2:{Serve.Tftp!.Port}/boot.ipxe"
                : $"http://10.0.2.2:{Serve.Http.Port}/boot.ipxe";
            Nodes[name] = QemuMachine.Start(
            [
                "-boot", "n",
                "-netdev", $"user,id=n0,bootfile={bootfile},hostfwd=tcp:127.0.0.1:{api.Port}-:8080",
                "-device", $"virtio-net-pci,netdev=n0,mac={mac}",
            ]);
        }
        await Task.WhenAll(Machines.Select(m => Nodes[m.Name].WaitForConsoleAsync($"enrollment: enrolled as {m.Name}", EnrollTimeout)));
    }

    public Grpc.Net.Client.GrpcChannel OperatorChannel(string name) => NodeChannel.Open(ApiEndpoints[name], name, Operator);

    public async Task DisposeAsync()
    {
        foreach (var machine in Nodes.Values)
            machine.Dispose();
        if (_serve is not null)
            await _serve.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
