using System.Net;
using Aurae.Api.Discovery.V0;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Serve.Enrollment;
using Aurae.Testing;

namespace Aurae.Node.Tests.Fleet;

/// <summary>
/// A machine no group names by MAC boots the fleet image (the default group), asks to enroll and
/// waits; the operator approves its MAC by hand (`aurae-compose approve`, here its ApprovalDirectory)
/// and the node enrolls as node-MAC.
/// </summary>
public sealed class HandApprovedEnrollmentTests : IAsyncLifetime
{
    private const string Mac = "52:54:00:b0:00:01";
    private const string Name = "node-525400b00001";
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(6);

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-approve-").FullName;
    private readonly IPEndPoint _api = new(IPAddress.Loopback, FreePort.Next());
    private FleetServe? _serve;
    private QemuMachine? _machine;
    private ClientIdentity _operator = null!;

    public async Task InitializeAsync()
    {
        var pki = Path.Combine(_work, "pki");
        PkiInitializer.Init(pki, []);
        _operator = ClientIdentity.FromPkiDirectory(pki);
        var image = EnrollingImage.Build(_work, pki);
        _serve = await FleetServe.StartAsync(_work, pki, image, ["- { name: default, profile: fleet }"]);
        _machine = QemuMachine.Start(
        [
            "-boot", "n",
            "-netdev", $"user,id=n0,bootfile=http://10.0.2.2:{_serve.Config.Http.Port}/boot.ipxe,hostfwd=tcp:127.0.0.1:{_api.Port}-:8080",
            "-device", $"virtio-net-pci,netdev=n0,mac={Mac}",
        ]);
    }

    [Fact]
    public async Task The_node_waits_until_its_mac_is_approved_then_enrolls_as_node_mac()
    {
        await _machine!.WaitForConsoleAsync("enrollment: waiting for approval", BootTimeout);
        Assert.DoesNotContain("enrollment: enrolled as", _machine.Console);
        var approvals = new ApprovalDirectory(_serve!.Config.StateDirectory);
        Assert.Equal([Mac], approvals.Pending());

        approvals.Approve(Mac, TimeProvider.System.GetUtcNow());
        await _machine.WaitForConsoleAsync($"enrollment: enrolled as {Name}", TimeSpan.FromMinutes(2));

        using var channel = NodeChannel.Open(_api, Name, _operator);
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(Name, response.Node.Hostname);
        Assert.Contains(_serve.Log, line => line.Contains($"{Mac}: waiting for approval", StringComparison.Ordinal));
        Assert.Contains(_serve.Log, line => line.Contains($"{Mac}: enrolled as {Name}", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        _machine?.Dispose();
        if (_serve is not null)
            await _serve.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
