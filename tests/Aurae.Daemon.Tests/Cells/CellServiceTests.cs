using Aurae.Api.Cells.V0;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;
using CellService = Aurae.Daemon.Api.CellService;

namespace Aurae.Daemon.Tests.Cells;

public sealed class CellServiceTests : IDisposable
{
    private readonly FakeCgroupRoot root = new();
    private readonly Aurae.Daemon.Executables.ExecutableSupervisor executables = Executables.ExecutablesTestSupport.NewSupervisor();
    private readonly Artifacts.TempArtifactStore artifacts = new();
    private readonly CellService service;

    public CellServiceTests() => service = new CellService(root.Registry, executables,
        new Aurae.Daemon.Sandbox.WorkloadSandboxes(artifacts.RootMountpoint(), artifacts.Store));

    public void Dispose()
    {
        executables.Dispose();
        artifacts.Dispose();
        root.Dispose();
    }

    [Fact]
    public async Task Allocate_answers_the_name_and_cgroup_v2()
    {
        var response = await service.Allocate(new CellServiceAllocateRequest
        {
            Cell = new Cell { Name = "web", Cpu = new CpuController { Max = 250_000 } },
        }, null!);
        Assert.Equal("web", response.CellName);
        Assert.True(response.CgroupV2);
        Assert.Equal("250000 1000000", root.ReadCellFile("web", "cpu.max"));
    }

    [Fact]
    public async Task Allocate_without_a_cell_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => service.Allocate(new CellServiceAllocateRequest(), null!)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("cell: required", error.Status.Detail);
    }

    [Fact]
    public async Task Free_validates_the_name_and_frees()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => service.Free(new CellServiceFreeRequest { CellName = "../etc" }, null!)));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("cell_name: ", bad.Status.Detail);

        await service.Allocate(new CellServiceAllocateRequest { Cell = new Cell { Name = "web" } }, null!);
        await service.Free(new CellServiceFreeRequest { CellName = "web" }, null!);
        Assert.False(Directory.Exists(root.CellDirectory("web")));
        var again = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => service.Free(new CellServiceFreeRequest { CellName = "web" }, null!)));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task List_returns_the_tree()
    {
        await service.Allocate(new CellServiceAllocateRequest { Cell = new Cell { Name = "a" } }, null!);
        await service.Allocate(new CellServiceAllocateRequest { Cell = new Cell { Name = "a/b" } }, null!);
        var response = await service.List(new CellServiceListRequest(), null!);
        var a = Assert.Single(response.Cells);
        Assert.Equal("a/b", Assert.Single(a.Children).Cell.Name);
    }

    [Fact]
    public async Task Cgroupfs_failures_leave_as_Internal_naming_the_path()
    {
        // A file where the aurae group's directory should be: making a cell in it fails with ENOTDIR.
        File.WriteAllText(root.AuraeRoot, "");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            ApiEdge.CallAsync(() => service.Allocate(new CellServiceAllocateRequest { Cell = new Cell { Name = "web" } }, null!)));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains(root.AuraeRoot, error.Status.Detail);
    }
}
