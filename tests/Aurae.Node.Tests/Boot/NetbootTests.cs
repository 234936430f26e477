using Aurae.Contract.Client;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Observe.V0;
using Aurae.Client;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Aurae.Node.Tests.Boot;

/// <summary>The example image, netbooted in QEMU, answering over mutual TLS.</summary>
public sealed class NetbootTests(NetbootedNode node) : IClassFixture<NetbootedNode>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Discover_reports_the_hostname_from_the_yaml_the_kernel_from_the_deb_and_pid_1()
    {
        using var channel = node.OperatorChannel();
        var response = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: Deadline());

        Assert.True(response.Healthy);
        Assert.False(string.IsNullOrEmpty(response.Version));
        Assert.Equal(node.Config.Name, response.Node.Hostname);
        Assert.Equal(node.Build.Node.Kernel.Release, response.Node.KernelRelease);
        Assert.Equal(1, response.Node.DaemonPid);
        Assert.Contains(response.Node.Addresses, a => a.Interface == "eth0" && a.Cidr == "10.0.2.15/24");
        Assert.Equal(node.Build.Node.Modules.Select(m => m.Name), response.Node.LoadedModules);
        // The kernel line of boot.ipxe, as iPXE passed it: the initrd= name, then node.yaml's cmdline.
        Assert.Equal($"initrd={PxeOutput.InitramfsFile} {node.Config.Kernel.Cmdline}", response.Node.KernelCmdline);
    }

    [Fact]
    public async Task Standard_health_service_reports_serving()
    {
        using var channel = node.OperatorChannel();
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_every_service_so_any_grpc_client_can_call_it()
    {
        using var channel = node.OperatorChannel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: Deadline());
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("aurae.discovery.v0.DiscoveryService", services);
        Assert.Contains("aurae.node.v0.NodeService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_at_the_handshake()
    {
        using var channel = NodeChannel.Open(node.ApiEndpoint,
            new ServerCertificateCheck(node.Operator.CertificateAuthority, node.Config.Name), clientCertificate: null);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline()).ResponseAsync);
        AssertRefusedAtTheHandshake(error);
    }

    /// <summary>
    /// The connection failed under the call, as a refused handshake makes it fail: the client made
    /// the status from a transport error (a status the server sent carries no exception). Under TLS
    /// 1.3 the client may already be sending its request when the node's alert arrives, which
    /// gRPC reports as Unavailable or, when the request was under way, Internal.
    /// </summary>
    private static void AssertRefusedAtTheHandshake(RpcException error)
    {
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal && error.Status.DebugException is not null,
            $"expected a transport failure, got {error.StatusCode}: {error.Status.Detail}");
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused_at_the_handshake()
    {
        var otherPki = Directory.CreateTempSubdirectory("aurae-other-ca-").FullName;
        try
        {
            PkiInitializer.Init(otherPki, []);
            var stranger = ClientIdentity.FromPkiDirectory(otherPki);
            // Trust the real node, so that only the node's refusal can fail the call.
            using var channel = NodeChannel.Open(node.ApiEndpoint,
                new ServerCertificateCheck(node.Operator.CertificateAuthority, node.Config.Name), stranger.Certificate);
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline()).ResponseAsync);
            AssertRefusedAtTheHandshake(error);
            Assert.Contains("handshake refused: certificate 'CN=operator, O=admin' rejected", node.Machine.Console);
        }
        finally
        {
            Directory.Delete(otherPki, recursive: true);
        }
    }

    [Fact]
    public async Task Observe_streams_the_daemon_log_and_the_kernel_log()
    {
        using var channel = node.OperatorChannel();
        var observe = new ObserveService.ObserveServiceClient(channel);

        var daemonLines = await ReadAllAsync(observe.GetAuraeDaemonLogStream(
            new GetAuraeDaemonLogStreamRequest { Follow = false }, deadline: Deadline()).ResponseStream);
        Assert.Contains(daemonLines, item => item.Line.StartsWith("api: serving gRPC", StringComparison.Ordinal));
        Assert.Contains(daemonLines, item => item.Channel == "info" && item.Line == $"init: hostname {node.Config.Name}");

        var kernelLines = await ReadAllAsync(observe.GetKernelLogStream(
            new GetKernelLogStreamRequest { Follow = false }, deadline: Deadline()).ResponseStream);
        Assert.Contains(kernelLines, item => item.Line.StartsWith("Linux version ", StringComparison.Ordinal));
        Assert.Contains(kernelLines, item => item.Line.Contains("Run /init as init process", StringComparison.Ordinal));
        Assert.All(kernelLines, item => Assert.InRange(item.Timestamp,
            DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds()));
    }

    private static async Task<List<LogItem>> ReadAllAsync(IAsyncStreamReader<LogItem> stream)
    {
        var items = new List<LogItem>();
        while (await stream.MoveNext(CancellationToken.None))
            items.Add(stream.Current);
        return items;
    }

    [Fact]
    public void The_node_was_netbooted_by_ipxe_over_http()
    {
        var requests = node.Server.Requests;
        Assert.Equal(["boot.ipxe", "vmlinuz", "initramfs.img"], requests.Take(3));
    }

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
