using Aurae.Api.Cells.V0;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Cells;

public sealed class CellRegistryTests : IDisposable
{
    private readonly FakeCgroupRoot root = new();

    public void Dispose() => root.Dispose();

    private Task<CellName> Allocate(string name, bool isolateNetwork = false) => root.Registry.AllocateAsync(new Cell { Name = name, IsolateNetwork = isolateNetwork });

    private static CellName Name(string text) => CellName.Parse(text);

    [Fact]
    public async Task First_use_creates_the_aurae_group_and_enables_each_controller_separately()
    {
        await Allocate("web");
        Assert.True(Directory.Exists(root.AuraeRoot));
        string[] expected = ["+cpu", "+cpuset", "+memory", "+pids"];
        Assert.Equal(expected, root.FileSystem.WritesTo(Path.Combine(root.MountRoot, "cgroup.subtree_control")));
        Assert.Equal(expected, root.FileSystem.WritesTo(Path.Combine(root.AuraeRoot, "cgroup.subtree_control")));
        Assert.Equal(["cpu", "cpuset", "memory", "pids"], root.Hierarchy.EnabledControllers);
        // Once only.
        await Allocate("db");
        Assert.Equal(4, root.FileSystem.WritesTo(Path.Combine(root.AuraeRoot, "cgroup.subtree_control")).Count);
    }

    [Fact]
    public async Task A_controller_the_kernel_lacks_is_left_out_and_asking_for_it_is_FailedPrecondition()
    {
        using var noMemory = new FakeCgroupRoot("memory");
        await noMemory.Registry.AllocateAsync(new Cell { Name = "plain", Pids = new PidsController { Max = 10 } });
        Assert.Equal(["cpu", "cpuset", "pids"], noMemory.Hierarchy.EnabledControllers);
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => noMemory.Registry.AllocateAsync(
            new Cell { Name = "limited", Memory = new MemoryController { Max = 1 << 20 } })));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("cell.memory.max: the memory controller is not available", error.Status.Detail);
        // The half-made group is gone.
        Assert.False(Directory.Exists(noMemory.CellDirectory("limited")));
        Assert.False(noMemory.Registry.Exists(Name("limited")));
    }

    [Fact]
    public async Task No_cgroup2_mount_is_FailedPrecondition()
    {
        File.Delete(Path.Combine(root.MountRoot, "cgroup.controllers"));
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Allocate("web")));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("cgroup v2 is not mounted at " + root.MountRoot, error.Status.Detail);
    }

    [Fact]
    public async Task Writes_the_limits_into_the_cells_files()
    {
        var name = await root.Registry.AllocateAsync(new Cell
        {
            Name = "web",
            Cpu = new CpuController { Weight = 200, Max = 50_000, Period = 100_000 },
            Cpuset = new CpusetController { Cpus = "0-3,5", Mems = "0" },
            Memory = new MemoryController { Max = 268_435_456, High = 134_217_728 },
            Pids = new PidsController { Max = 64 },
        });
        Assert.Equal("web", name.Value);
        Assert.Equal("50000 100000", root.ReadCellFile("web", "cpu.max"));
        Assert.Equal("200", root.ReadCellFile("web", "cpu.weight"));
        Assert.Equal("0-3,5", root.ReadCellFile("web", "cpuset.cpus"));
        Assert.Equal("0", root.ReadCellFile("web", "cpuset.mems"));
        Assert.Equal("268435456", root.ReadCellFile("web", "memory.max"));
        Assert.Equal("134217728", root.ReadCellFile("web", "memory.high"));
        Assert.Equal("64", root.ReadCellFile("web", "pids.max"));
        // Untouched limits keep the kernel's defaults.
        await Allocate("plain");
        Assert.Equal("max\n", root.ReadCellFile("plain", "memory.max"));
    }

    [Fact]
    public async Task Invalid_requests_touch_nothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.AllocateAsync(
            new Cell { Name = "web", Memory = new MemoryController { Max = -5 } })));
        Assert.Equal("cell.memory.max: -5 is below 4096 bytes", error.Status.Detail);
        var both = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.AllocateAsync(new Cell { Name = "web", Privileged = true, IsolateNetwork = true })));
        Assert.Equal(StatusCode.InvalidArgument, both.StatusCode);
        Assert.StartsWith("cell.privileged shares the node's namespaces", both.Status.Detail);
        var ids = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.AllocateAsync(new Cell { Name = "web", Ids = new UserNamespaceIds { First = 0, Count = 65536 } })));
        Assert.Equal(StatusCode.InvalidArgument, ids.StatusCode);
        Assert.Equal("cell.ids: chosen by the node; leave it unset", ids.Status.Detail);
        Assert.Empty(root.FileSystem.Writes);
        Assert.False(Directory.Exists(root.AuraeRoot));
    }

    [Fact]
    public async Task A_kernel_refusal_is_InvalidArgument_and_undoes_the_allocation()
    {
        await Allocate("a");
        root.FileSystem.Refusals["cpuset.cpus"] = 22; // EINVAL: a CPU this machine does not have
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.AllocateAsync(
            new Cell { Name = "a/b", Cpuset = new CpusetController { Cpus = "64" } })));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("cell.cpuset.cpus: the kernel refused '64': write '64' to " + root.CellDirectory("a/b"), error.Status.Detail);
        Assert.False(Directory.Exists(root.CellDirectory("a/b")));
        Assert.False(root.Registry.Exists(Name("a/b")));
        // The parent got its controllers back, so it can still run processes.
        Assert.Equal(["+cpu", "+cpuset", "+memory", "+pids", "-pids", "-memory", "-cpuset", "-cpu"],
            root.FileSystem.WritesTo(Path.Combine(root.CellDirectory("a"), "cgroup.subtree_control")));
        Assert.Equal(root.CellDirectory("a"), root.Registry.CgroupPathForProcesses(Name("a")));
    }

    [Fact]
    public async Task Duplicates_are_AlreadyExists_and_leftover_groups_too()
    {
        await Allocate("web");
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Allocate("web")));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal("cell 'web' is already allocated", duplicate.Status.Detail);

        Directory.CreateDirectory(root.CellDirectory("leftover"));
        var leftover = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Allocate("leftover")));
        Assert.Equal(StatusCode.AlreadyExists, leftover.StatusCode);
        Assert.Contains("a cgroup already exists at " + root.CellDirectory("leftover"), leftover.Status.Detail);
    }

    [Fact]
    public async Task Nested_cells_need_their_parent_and_get_the_controllers_from_it()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Allocate("a/b")));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("cell 'a/b' needs its parent cell 'a', which is not allocated", missing.Status.Detail);

        await Allocate("a");
        await Allocate("a/b");
        await Allocate("a/c");
        Assert.True(Directory.Exists(root.CellDirectory("a/b")));
        Assert.Equal(["+cpu", "+cpuset", "+memory", "+pids"],
            root.FileSystem.WritesTo(Path.Combine(root.CellDirectory("a"), "cgroup.subtree_control")));
        Assert.True(root.Registry.Exists(Name("a/c")));
        Assert.Equal("a/b", root.Registry.Get(Name("a/b"))!.Name);
        Assert.Null(root.Registry.Get(Name("a/d")));
    }

    [Fact]
    public async Task Only_cells_without_children_run_processes()
    {
        await Allocate("a");
        Assert.Equal(root.CellDirectory("a"), root.Registry.CgroupPathForProcesses(Name("a")));
        await Allocate("a/b");
        var parent = Assert.Throws<RpcException>(() => ApiEdge.Call(() => root.Registry.CgroupPathForProcesses(Name("a"))));
        Assert.Equal(StatusCode.FailedPrecondition, parent.StatusCode);
        Assert.Contains("cell 'a' has child cells (b)", parent.Status.Detail);
        Assert.Equal(root.CellDirectory("a/b"), root.Registry.CgroupPathForProcesses(Name("a/b")));
        var unknown = Assert.Throws<RpcException>(() => ApiEdge.Call(() => root.Registry.CgroupPathForProcesses(Name("nope"))));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        // Once its last child is freed, the parent gives the controllers back and may run processes again.
        await root.Registry.FreeAsync(Name("a/b"));
        Assert.Equal(root.CellDirectory("a"), root.Registry.CgroupPathForProcesses(Name("a")));
        Assert.Equal(["+cpu", "+cpuset", "+memory", "+pids", "-pids", "-memory", "-cpuset", "-cpu"],
            root.FileSystem.WritesTo(Path.Combine(root.CellDirectory("a"), "cgroup.subtree_control")));
    }

    [Fact]
    public async Task A_cell_running_processes_cannot_get_children()
    {
        await Allocate("a");
        File.WriteAllText(Path.Combine(root.CellDirectory("a"), "cgroup.procs"), "4242\n");
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => Allocate("a/b")));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("cell 'a' runs processes, so it cannot have child cells", error.Status.Detail);
        Assert.False(Directory.Exists(root.CellDirectory("a/b")));
    }

    [Fact]
    public async Task Free_kills_and_removes_children_first_and_tells_who_listens()
    {
        await Allocate("a");
        await Allocate("a/b");
        await Allocate("a/b/c");
        await Allocate("a/d");
        await Allocate("z");
        var freed = new List<string>();
        root.Registry.CellFreeing += name => freed.Add(name.Value);
        root.Registry.CellFreeing += _ => throw new InvalidOperationException("a broken listener must not stop Free");

        await root.Registry.FreeAsync(Name("a"));

        Assert.Equal(["a/b/c", "a/b", "a/d", "a"], freed);
        var kills = root.FileSystem.Writes.Where(w => w.Path.EndsWith("cgroup.kill", StringComparison.Ordinal)).ToList();
        Assert.All(kills, k => Assert.Equal("1", k.Text));
        Assert.Equal(["a/b/c", "a/b", "a/d", "a"], kills.Select(k => Path.GetRelativePath(root.AuraeRoot, Path.GetDirectoryName(k.Path)!)));
        Assert.False(Directory.Exists(root.CellDirectory("a")));
        Assert.True(Directory.Exists(root.CellDirectory("z")));
        Assert.False(root.Registry.Exists(Name("a/b/c")));
        Assert.Single(root.Registry.List());
    }

    [Fact]
    public async Task A_cell_being_freed_takes_no_more_processes()
    {
        await Allocate("web");
        RpcException? during = null;
        root.Registry.CellFreeing += name => during = Assert.Throws<RpcException>(() => ApiEdge.Call(() => root.Registry.CgroupPathForProcesses(name)));
        await root.Registry.FreeAsync(Name("web"));
        Assert.Equal(StatusCode.FailedPrecondition, during!.StatusCode);
        Assert.Equal("cell 'web' is being freed", during.Status.Detail);
    }

    [Fact]
    public async Task Concurrent_allocations_and_frees_are_serialised()
    {
        await Allocate("p");
        var names = Enumerable.Range(0, 24).Select(i => $"p/c{i}").ToList();
        await Task.WhenAll(names.Select(n => Task.Run(() => Allocate(n))));
        Assert.Equal(24, Assert.Single(root.Registry.List()).Children.Count);
        await Task.WhenAll(names.Select(n => Task.Run(() => root.Registry.FreeAsync(Name(n)))));
        Assert.Empty(Assert.Single(root.Registry.List()).Children);
        Assert.Empty(Directory.EnumerateDirectories(root.CellDirectory("p")));
        Assert.Equal(root.CellDirectory("p"), root.Registry.CgroupPathForProcesses(Name("p")));
    }

    [Fact]
    public async Task Free_of_an_unknown_cell_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.FreeAsync(Name("ghost"))));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("cell 'ghost' is not allocated", error.Status.Detail);
    }

    [Fact]
    public async Task Processes_that_outlive_the_kill_time_out_as_Internal_naming_the_cell()
    {
        await Allocate("stuck");
        File.WriteAllText(Path.Combine(root.CellDirectory("stuck"), "cgroup.events"), "populated 1\nfrozen 0\n");
        root.FileSystem.KillEmptiesGroup = false;
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => root.Registry.FreeAsync(Name("stuck"))));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.StartsWith("cell 'stuck' still has processes 0.3 s after being killed", error.Status.Detail);
        // Still there, and free to try again once the processes are gone.
        Assert.True(root.Registry.Exists(Name("stuck")));
        Assert.Equal(root.CellDirectory("stuck"), root.Registry.CgroupPathForProcesses(Name("stuck")));
        root.FileSystem.KillEmptiesGroup = true;
        await root.Registry.FreeAsync(Name("stuck"));
        Assert.False(Directory.Exists(root.CellDirectory("stuck")));
    }

    [Fact]
    public async Task List_is_a_tree_with_the_limits_as_allocated_and_live_usage()
    {
        await root.Registry.AllocateAsync(new Cell { Name = "web", Memory = new MemoryController { Max = 1 << 20 } });
        await Allocate("web/cache");
        await Allocate("db");
        File.WriteAllText(Path.Combine(root.CellDirectory("web/cache"), "cpu.stat"), "usage_usec 7500\nuser_usec 5000\n");
        File.WriteAllText(Path.Combine(root.CellDirectory("web/cache"), "memory.events"), "oom 2\noom_kill 2\n");
        File.WriteAllText(Path.Combine(root.CellDirectory("web/cache"), "memory.current"), "65536\n");
        File.WriteAllText(Path.Combine(root.CellDirectory("web/cache"), "pids.current"), "2\n");

        var cells = root.Registry.List();

        Assert.Equal(["db", "web"], cells.Select(c => c.Cell.Name));
        var web = cells[1];
        Assert.Equal(1 << 20, web.Cell.Memory.Max);
        var cache = Assert.Single(web.Children);
        Assert.Equal("web/cache", cache.Cell.Name);
        Assert.Equal(7500UL, cache.Usage.CpuUsageUsec);
        Assert.Equal(2UL, cache.Usage.OomKills);
        Assert.Equal(65536UL, cache.Usage.MemoryCurrentBytes);
        Assert.Equal(0UL, cache.Usage.MemoryPeakBytes); // no memory.peak: an older kernel
        Assert.Equal(2UL, cache.Usage.PidsCurrent);
    }

    [Fact]
    public async Task Each_isolated_cell_gets_its_own_id_range_and_a_freed_ones_range_is_reused()
    {
        await Allocate("a");
        await Allocate("b");
        await root.Registry.AllocateAsync(new Cell { Name = "p", Privileged = true });
        var first = root.Registry.Get(CellName.Parse("a"))!.Ids;
        var second = root.Registry.Get(CellName.Parse("b"))!.Ids;
        Assert.Equal(new UserNamespaceIds { First = 65536, Count = 65536 }, first);
        Assert.Equal(new UserNamespaceIds { First = 131072, Count = 65536 }, second);
        Assert.Null(root.Registry.Get(CellName.Parse("p"))!.Ids);
        Assert.Equal(["p"], root.Registry.PrivilegedCells());
        Assert.IsType<global::Aurae.Daemon.Cells.CellIsolation.Privileged>(root.Registry.IsolationOf(CellName.Parse("p")));

        await root.Registry.FreeAsync(CellName.Parse("a"));
        await Allocate("c", isolateNetwork: true);
        Assert.Equal(first, root.Registry.Get(CellName.Parse("c"))!.Ids);
        Assert.Equal(new global::Aurae.Daemon.Cells.CellIsolation.Isolated(new global::Aurae.Daemon.Sandbox.IdRange(1), true),
            root.Registry.IsolationOf(CellName.Parse("c")));
    }
}
