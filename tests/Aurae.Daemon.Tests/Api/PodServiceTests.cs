using Aurae.Api.Cells.V0;
using Aurae.Api.Pods.V0;
using Aurae.Daemon.Tests.Cells;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;
using PodService = Aurae.Daemon.Api.PodService;

namespace Aurae.Daemon.Tests.Api;

/// <summary>Aurae's pod verbs as cell calls: a pod is an isolated cell with its own network; a container needs a pushed image.</summary>
public sealed class PodServiceTests : IDisposable
{
    private readonly FakeCgroupRoot root = new();
    private readonly Aurae.Daemon.Executables.ExecutableSupervisor executables = Executables.ExecutablesTestSupport.NewSupervisor();
    private readonly Artifacts.TempArtifactStore artifacts = new();
    private readonly PodService pods;

    public PodServiceTests() => pods = new PodService(new Aurae.Daemon.Api.CellService(root.Registry, executables,
        new Aurae.Daemon.Sandbox.WorkloadSandboxes(artifacts.RootMountpoint(), artifacts.Store)));

    public void Dispose()
    {
        executables.Dispose();
        artifacts.Dispose();
        root.Dispose();
    }

    [Fact]
    public async Task A_pod_is_an_isolated_cell_with_its_own_network_and_its_limits()
    {
        var allocated = await pods.Allocate(new PodServiceAllocateRequest
        {
            Pod = new Pod { Name = "web", Memory = new MemoryController { Max = 64L << 20 }, Pids = new PidsController { Max = 20 } },
        }, null!);
        Assert.Equal("web", allocated.PodName);
        var cell = root.Registry.Get(Aurae.Daemon.Cells.CellName.Parse("web"))!;
        Assert.True(cell.IsolateNetwork);
        Assert.True(cell.IsolateProcess);
        Assert.False(cell.Privileged);
        Assert.Equal(65536u, cell.Ids.Count);
        Assert.Equal("67108864", root.ReadCellFile("web", "memory.max").Trim());

        await pods.Free(new PodServiceFreeRequest { PodName = "web" }, null!);
        Assert.False(root.Registry.Exists(Aurae.Daemon.Cells.CellName.Parse("web")));
    }

    [Theory]
    [InlineData(null, "container: required")]
    [InlineData("", "container.image: required")]
    [InlineData("registry", "container.registry: this node pulls from no registry")]
    public async Task A_container_without_a_pushed_image_is_InvalidArgument(string? what, string expected)
    {
        var request = new PodServiceStartRequest { Name = "web" };
        if (what is not null)
            request.Container = new Container { Name = "c", Image = what == "registry" ? "nginx" : "", Registry = what == "registry" ? "ghcr.io" : "" };
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => pods.Start(request, null!)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(expected, error.Status.Detail);
    }

    [Fact]
    public async Task Allocate_without_a_pod_is_InvalidArgument() =>
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => pods.Allocate(new PodServiceAllocateRequest(), null!)))).StatusCode);
}
