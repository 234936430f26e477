using Aurae.Api.Cells.V0;
using Grpc.Core;

namespace Aurae.Node.Tests.Workloads;

/// <summary>Cells as cgroup v2 groups on a real kernel.</summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class CellTests(WorkloadNode node)
{
    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    [Fact]
    public async Task Allocate_list_and_free_a_cell_with_every_limit_and_a_nested_child()
    {
        using var channel = node.OperatorChannel();
        var cells = new CellService.CellServiceClient(channel);
        var parent = new Cell
        {
            Name = "limits",
            Cpu = new CpuController { Weight = 200, Max = 50_000, Period = 100_000 },
            Cpuset = new CpusetController { Cpus = "0" },
            Memory = new MemoryController { Max = 64L << 20, High = 48L << 20 },
            Pids = new PidsController { Max = 64 },
        };

        var allocated = await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = parent }, deadline: Deadline());
        Assert.Equal("limits", allocated.CellName);
        Assert.True(allocated.CgroupV2);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "limits/child", Pids = new PidsController { Max = 8 } } },
            deadline: Deadline());

        var listed = await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline());
        var node1 = Assert.Single(listed.Cells, c => c.Cell.Name == "limits");
        Assert.Equal(parent.Memory, node1.Cell.Memory);
        Assert.Equal(parent.Pids, node1.Cell.Pids);
        Assert.Equal(200UL, node1.Cell.Cpu.Weight);
        Assert.Equal("limits/child", Assert.Single(node1.Children).Cell.Name);

        var duplicate = await Assert.ThrowsAsync<RpcException>(() =>
            cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "limits" } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);

        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "limits" }, deadline: Deadline());
        listed = await cells.ListAsync(new CellServiceListRequest(), deadline: Deadline());
        Assert.DoesNotContain(listed.Cells, c => c.Cell.Name == "limits");
    }

    [Theory]
    [InlineData("../escape", StatusCode.InvalidArgument)]
    [InlineData("", StatusCode.InvalidArgument)]
    [InlineData("UPPER", StatusCode.InvalidArgument)]
    [InlineData("memory.max", StatusCode.InvalidArgument)]
    [InlineData("missing-parent/child", StatusCode.NotFound)]
    public async Task Bad_cell_names_get_a_precise_status(string name, StatusCode expected)
    {
        using var channel = node.OperatorChannel();
        var error = await Assert.ThrowsAsync<RpcException>(() => new CellService.CellServiceClient(channel)
            .AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = name } }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(expected, error.StatusCode);
    }

    [Theory]
    [InlineData("memory", -5L)]
    [InlineData("pids", 0L)]
    [InlineData("cpu", -1L)]
    public async Task Absurd_limits_get_invalid_argument_naming_the_field(string controller, long value)
    {
        using var channel = node.OperatorChannel();
        var cell = new Cell { Name = $"absurd-{controller}" };
        switch (controller)
        {
            case "memory": cell.Memory = new MemoryController { Max = value }; break;
            case "pids": cell.Pids = new PidsController { Max = value }; break;
            default: cell.Cpu = new CpuController { Max = value }; break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => new CellService.CellServiceClient(channel)
            .AllocateAsync(new CellServiceAllocateRequest { Cell = cell }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"cell.{controller}", error.Status.Detail);
    }

    [Fact]
    public async Task Freeing_an_unknown_cell_is_not_found()
    {
        using var channel = node.OperatorChannel();
        var error = await Assert.ThrowsAsync<RpcException>(() => new CellService.CellServiceClient(channel)
            .FreeAsync(new CellServiceFreeRequest { CellName = "never-allocated" }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
