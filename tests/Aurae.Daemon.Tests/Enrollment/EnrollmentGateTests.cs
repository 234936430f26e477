using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Api;
using Aurae.Daemon.Enrollment;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Observe;
using Aurae.Daemon.Tests.Artifacts;
using Aurae.Daemon.Tests.Executables;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Aurae.Daemon.Tests.Enrollment;

/// <summary>
/// The API of an enrolling node, in-process over mTLS: health only, with the state in every
/// refusal, until enrollment; then everything, under the enrolled certificate, without a restart.
/// </summary>
public sealed class EnrollmentGateTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new();
    private readonly TempArtifactStore _artifacts = new();
    private readonly TempDirectory _cgroups = new();
    private EnrollmentHarness _node = null!;
    private WebApplication _app = null!;
    private IPEndPoint _api = null!;

    public async Task InitializeAsync()
    {
        _node = new EnrollmentHarness(_fleet);
        var commandLine = new KernelCommandLine("");
        var nodeInfo = new NodeInfoProvider(commandLine, Task.FromResult<IReadOnlyList<string>>([]));
        var executables = ExecutablesTestSupport.NewSupervisor();
        var cells = new global::Aurae.Daemon.Cells.CellRegistry(new global::Aurae.Daemon.Cells.CgroupHierarchy(Path.Combine(_cgroups.Path, "aurae")));
        _app = ApiServer.Build(new IPEndPoint(IPAddress.Loopback, 0), _node.Identity, nodeInfo,
            new NodeService(nodeInfo, new ShutdownCoordinator(), PowerAction.Exit, "/sys"),
            new ObserveService(new KernelLogReader(), new CellStatsReader(cells), executables),
            new global::Aurae.Daemon.Api.CellService(cells, executables,
                new global::Aurae.Daemon.Sandbox.WorkloadSandboxes(_artifacts.RootMountpoint(), _artifacts.Store)), _artifacts.Store,
            global::Aurae.Daemon.Containers.ImageStore.Open(Path.Combine(_cgroups.Path, "images"), new global::Aurae.Contract.Oci.ImageLimits()),
            executables, _node.Status);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _api = new IPEndPoint(IPAddress.Loopback, new Uri(address).Port);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _node.Dispose();
        _artifacts.Dispose();
        _cgroups.Dispose();
    }

    [Fact]
    public async Task Unenrolled_node_serves_health_only_then_everything_after_enrollment()
    {
        _node.Status.Set("waiting for approval");
        using (var before = Connect())
        {
            var health = new Health.HealthClient(before.Channel);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
                (await health.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
                (await health.CheckAsync(new HealthCheckRequest { Service = "aurae.discovery.v0.DiscoveryService" })).Status);

            var discover = await Assert.ThrowsAsync<RpcException>(async () =>
                await new Aurae.Api.Discovery.V0.DiscoveryService.DiscoveryServiceClient(before.Channel).DiscoverAsync(new()));
            Assert.Equal(StatusCode.Unavailable, discover.StatusCode);
            Assert.Equal("node not enrolled: waiting for approval", discover.Status.Detail);
            var info = await Assert.ThrowsAsync<RpcException>(async () =>
                await new Aurae.Api.Node.V0.NodeService.NodeServiceClient(before.Channel).InfoAsync(new()));
            Assert.Equal(StatusCode.Unavailable, info.StatusCode);
            Assert.Equal("node not enrolled: waiting for approval", info.Status.Detail);
            Assert.Equal("CN=aurae-unenrolled", before.ServerCertificate?.Subject);
        }

        await using var serve = await FakeServe.StartAsync(_fleet.Serve(FleetCertificateCheck.ServeName),
            (_, request) => ServeAnswer.Enrolled("node-a", _fleet.SignNode(request.Csr, "node-a")));
        Assert.True(await _node.RunAsync(serve.Endpoint));

        using var after = Connect();
        var healthAfter = new Health.HealthClient(after.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await healthAfter.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await healthAfter.CheckAsync(new HealthCheckRequest { Service = "aurae.node.v0.NodeService" })).Status);
        await new Aurae.Api.Discovery.V0.DiscoveryService.DiscoveryServiceClient(after.Channel).DiscoverAsync(new());
        await new Aurae.Api.Node.V0.NodeService.NodeServiceClient(after.Channel).InfoAsync(new());
        // The same listener, a new handshake: the enrolled certificate, which a client checks against the CA.
        Assert.Equal("CN=node-a", after.ServerCertificate?.Subject);
        Assert.True(new FleetCertificateCheck(_fleet.PublicAuthority, TimeProvider.System)
            .IssuedProblem(after.ServerCertificate!, "node-a") is null);
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_is_refused_even_for_health()
    {
        using var stranger = Connect(new TestFleet("Stranger CA").Operator());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(stranger.Channel).CheckAsync(new HealthCheckRequest()));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains(await EnrollmentHarness.LogLinesAsync(),
            l => l.StartsWith("tls: handshake refused: certificate 'CN=operator, O=admin' rejected", StringComparison.Ordinal));
    }

    private ApiConnection Connect(X509Certificate2? clientCertificate = null) =>
        new(_api, clientCertificate ?? _fleet.Operator());

    /// <summary>A gRPC channel with its own connection, recording the certificate the server presented.</summary>
    private sealed class ApiConnection : IDisposable
    {
        public ApiConnection(IPEndPoint api, X509Certificate2 clientCertificate)
        {
            var handler = new SocketsHttpHandler
            {
                SslOptions =
                {
                    ClientCertificates = new X509CertificateCollection { clientCertificate },
                    // The test judges the certificate itself (the unenrolled one chains to nothing).
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        ServerCertificate = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                        return true;
                    },
                },
            };
            Channel = GrpcChannel.ForAddress($"https://{api}", new GrpcChannelOptions { HttpHandler = handler });
        }

        public GrpcChannel Channel { get; }

        public X509Certificate2? ServerCertificate { get; private set; }

        public void Dispose() => Channel.Dispose();
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("aurae-enroll-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
