using Aurae.Api.Cells.V0;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;

namespace Aurae.Daemon.Tests.Cells;

public sealed class CellLimitsTests
{
    public static TheoryData<string, Cell, string> InvalidCells => new()
    {
        { "weight 0", new Cell { Cpu = new CpuController { Weight = 0 } }, "cell.cpu.weight: 0 is outside 1..10000" },
        { "weight 10001", new Cell { Cpu = new CpuController { Weight = 10_001 } }, "cell.cpu.weight: 10001 is outside 1..10000" },
        { "quota 999", new Cell { Cpu = new CpuController { Max = 999 } }, "cell.cpu.max: 999 is below 1000 microseconds" },
        { "quota negative", new Cell { Cpu = new CpuController { Max = -1 } }, "cell.cpu.max: -1 is below 1000 microseconds" },
        { "quota absurd", new Cell { Cpu = new CpuController { Max = long.MaxValue } }, "cell.cpu.max: 9223372036854775807 is above the kernel's limit" },
        { "period 999", new Cell { Cpu = new CpuController { Max = 5000, Period = 999 } }, "cell.cpu.period: 999 is outside 1000..1000000 microseconds" },
        { "period 1000001", new Cell { Cpu = new CpuController { Period = 1_000_001 } }, "cell.cpu.period: 1000001 is outside 1000..1000000" },
        { "cpus letters", new Cell { Cpuset = new CpusetController { Cpus = "0-a" } }, "cell.cpuset.cpus: '0-a' item '0-a' is not a number or a range" },
        { "cpus descending", new Cell { Cpuset = new CpusetController { Cpus = "3-1" } }, "cell.cpuset.cpus: '3-1' range '3-1' is not ascending" },
        { "cpus empty item", new Cell { Cpuset = new CpusetController { Cpus = "0,,1" } }, "cell.cpuset.cpus: '0,,1' has an empty item" },
        { "cpus space", new Cell { Cpuset = new CpusetController { Cpus = "0, 1" } }, "cell.cpuset.cpus: '0, 1' item ' 1' is not a number" },
        { "cpus negative", new Cell { Cpuset = new CpusetController { Cpus = "-1" } }, "cell.cpuset.cpus: '-1' item '-1' is not a number" },
        { "cpus open range", new Cell { Cpuset = new CpusetController { Cpus = "2-" } }, "cell.cpuset.cpus: '2-' item '2-'" },
        { "mems junk", new Cell { Cpuset = new CpusetController { Mems = "x" } }, "cell.cpuset.mems: 'x' item 'x' is not a number" },
        { "memory negative", new Cell { Memory = new MemoryController { Max = -5 } }, "cell.memory.max: -5 is below 4096 bytes" },
        { "memory 4095", new Cell { Memory = new MemoryController { Max = 4095 } }, "cell.memory.max: 4095 is below 4096 bytes" },
        { "high 0", new Cell { Memory = new MemoryController { High = 0 } }, "cell.memory.high: 0 is below 4096 bytes" },
        { "high over max", new Cell { Memory = new MemoryController { Max = 8192, High = 8193 } }, "cell.memory.high: 8193 is above cell.memory.max 8192" },
        { "pids 0", new Cell { Pids = new PidsController { Max = 0 } }, "cell.pids.max: 0 is below 1" },
        { "pids negative", new Cell { Pids = new PidsController { Max = -3 } }, "cell.pids.max: -3 is below 1" },
        { "pids absurd", new Cell { Pids = new PidsController { Max = 4_194_305 } }, "cell.pids.max: 4194305 is above the kernel's limit of 4194304" },
    };

    [Theory]
    [MemberData(nameof(InvalidCells))]
    public void Rejects_out_of_range_values_naming_the_field(string description, Cell cell, string expected)
    {
        var error = Assert.Throws<RpcException>(() => ApiEdge.Call(() => CellLimits.FromCell(cell)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.True(error.Status.Detail.StartsWith(expected, StringComparison.Ordinal), $"{description}: {error.Status.Detail}");
    }

    [Fact]
    public void Accepts_every_boundary()
    {
        var low = CellLimits.FromCell(new Cell
        {
            Cpu = new CpuController { Weight = 1, Max = 1000, Period = 1000 },
            Cpuset = new CpusetController { Cpus = "0", Mems = "0" },
            Memory = new MemoryController { Max = 4096, High = 4096 },
            Pids = new PidsController { Max = 1 },
        });
        Assert.Equal("1000 1000", low.CpuMax);
        var high = CellLimits.FromCell(new Cell
        {
            Cpu = new CpuController { Weight = 10_000, Max = CellLimits.MaxCpuQuotaUsec, Period = 1_000_000 },
            Cpuset = new CpusetController { Cpus = "0-3,5,7-7", Mems = "0-1" },
            Memory = new MemoryController { Max = long.MaxValue },
            Pids = new PidsController { Max = 4_194_304 },
        });
        Assert.Equal(10_000UL, high.CpuWeight);
        Assert.Equal("0-3,5,7-7", high.CpusetCpus);
    }

    [Fact]
    public void Cpu_max_uses_Auraes_period_unless_given_and_max_for_a_period_alone()
    {
        Assert.Equal("50000 1000000", CellLimits.FromCell(new Cell { Cpu = new CpuController { Max = 50_000 } }).CpuMax);
        Assert.Equal("50000 100000", CellLimits.FromCell(new Cell { Cpu = new CpuController { Max = 50_000, Period = 100_000 } }).CpuMax);
        Assert.Equal("max 100000", CellLimits.FromCell(new Cell { Cpu = new CpuController { Period = 100_000 } }).CpuMax);
        Assert.Null(CellLimits.FromCell(new Cell { Cpu = new CpuController { Weight = 5 } }).CpuMax);
    }

    [Fact]
    public void Settings_are_the_files_to_write_and_nothing_for_unset_fields()
    {
        Assert.Empty(CellLimits.FromCell(new Cell { Name = "x" }).Settings());
        Assert.Empty(CellLimits.FromCell(new Cell { Cpuset = new CpusetController { Cpus = "" } }).Settings());
        var settings = CellLimits.FromCell(new Cell
        {
            Cpu = new CpuController { Weight = 200, Max = 50_000, Period = 100_000 },
            Cpuset = new CpusetController { Cpus = "0-1" },
            Memory = new MemoryController { Max = 268_435_456, High = 134_217_728 },
            Pids = new PidsController { Max = 64 },
        }).Settings();
        Assert.Equal(
        [
            new("cpuset.cpus", "0-1", "cell.cpuset.cpus"),
            new("cpu.weight", "200", "cell.cpu.weight"),
            new("cpu.max", "50000 100000", "cell.cpu.max"),
            new("memory.max", "268435456", "cell.memory.max"),
            new("memory.high", "134217728", "cell.memory.high"),
            new CgroupSetting("pids.max", "64", "cell.pids.max"),
        ], settings);
    }
}
