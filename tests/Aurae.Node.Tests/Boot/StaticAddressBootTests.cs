using System.Net;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Client;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Testing;
using Grpc.Net.Client;

namespace Aurae.Node.Tests.Boot;

/// <summary>
/// The kernel's ip= syntax overriding the image's DHCP, and PID 1's orderly shutdown, asked for
/// by Ctrl-Alt-Del (SIGINT to init) or by the API: stop the API, the processes, sync, power off.
/// </summary>
public sealed class StaticAddressBootTests(StaticAddressImage image) : IClassFixture<StaticAddressImage>
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan PowerOffTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Kernel_ip_parameter_sets_a_static_address_and_ctrl_alt_del_powers_off_in_order()
    {
        var apiPort = FreePort.Next();
        using var machine = image.Boot(apiPort);
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);

        using (var channel = OpenChannel(apiPort))
        {
            var response = await new DiscoveryService.DiscoveryServiceClient(channel)
                .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.Contains(response.Node.Addresses,
                a => a.Interface == "eth0" && a.Cidr == $"{StaticAddressImage.StaticAddress}/24");
            Assert.DoesNotContain("DHCP", machine.Console);
        }

        machine.Monitor("sendkey ctrl-alt-delete");
        AssertPowersOffInOrder(machine, "PowerOff requested: signal SIGINT");
    }

    [Fact]
    public async Task A_poweroff_request_through_the_api_is_answered_then_powers_off_in_order()
    {
        var apiPort = FreePort.Next();
        using var machine = image.Boot(apiPort);
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);

        using (var channel = OpenChannel(apiPort))
        {
            var client = new NodeService.NodeServiceClient(channel);
            var info = await client.InfoAsync(new InfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.Equal(StaticAddressImage.NodeName, info.Node.Hostname);

            var response = await client.PoweroffAsync(new PoweroffRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(response.Accepted);
        }

        AssertPowersOffInOrder(machine, "PowerOff requested: API request from CN=operator, O=admin");
    }

    [Fact]
    public async Task A_reboot_request_through_the_api_stops_everything_in_order_and_restarts_the_machine()
    {
        var apiPort = FreePort.Next();
        using var machine = image.Boot(apiPort);
        await machine.WaitForConsoleAsync("auraed info api: serving gRPC", BootTimeout);

        using (var channel = OpenChannel(apiPort))
        {
            var response = await new NodeService.NodeServiceClient(channel).RebootAsync(new RebootRequest(),
                deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(response.Accepted);
        }

        // -no-reboot: QEMU exits where the machine would restart.
        AssertShutsDownInOrder(machine, "Reboot requested: API request from CN=operator, O=admin", "rebooting", "reboot: Restarting system");
    }

    private GrpcChannel OpenChannel(int apiPort) => NodeChannel.Open(new IPEndPoint(IPAddress.Loopback, apiPort),
        StaticAddressImage.NodeName, ClientIdentity.FromPkiDirectory(image.PkiDirectory));

    private static void AssertPowersOffInOrder(QemuMachine machine, string cause) =>
        AssertShutsDownInOrder(machine, cause, "powering off", "reboot: Power down");

    private static void AssertShutsDownInOrder(QemuMachine machine, string cause, string action, string kernelLine)
    {
        Assert.True(machine.WaitForExit(PowerOffTimeout), $"QEMU did not stop:\n{machine.Console}");
        var console = machine.Console;
        string[] steps = [cause, "stopping the API", "stopping all processes", "syncing filesystems", action, kernelLine];
        var positions = steps.Select(step => console.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.True(positions.All(p => p >= 0),
            $"missing shutdown steps: {string.Join(", ", steps.Where((_, i) => positions[i] < 0))}\n{console}");
        Assert.Equal(positions.Order(), positions);
    }
}
