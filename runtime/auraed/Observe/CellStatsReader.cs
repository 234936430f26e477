using Aurae.Api.Observe.V0;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Failures;

namespace Aurae.Daemon.Observe;

/// <summary>A cell's figures for ObserveService, from the same cgroup files the cell list shows.</summary>
public sealed class CellStatsReader(CellRegistry cells)
{
    public GetCellStatsResponse Read(string cellName)
    {
        var name = CellName.Parse(cellName, "cell_name");
        if (!cells.Exists(name))
            throw new FailureException(FailureKind.NotFound, $"no cell '{name.Value}'");
        var directory = cells.Hierarchy.DirectoryOf(name);
        var usage = CellUsageReader.Read(directory);
        return new GetCellStatsResponse
        {
            CellName = name.Value,
            CpuUsageUsec = usage.CpuUsageUsec,
            MemoryCurrentBytes = usage.MemoryCurrentBytes,
            MemoryPeakBytes = usage.MemoryPeakBytes,
            PidsCurrent = usage.PidsCurrent,
            OomKills = usage.OomKills,
            // memory.events "oom": times the cell hit its limit and the OOM killer was invoked.
            OomEvents = CellUsageReader.KeyedValue(cells.Hierarchy.FileSystem.ReadOrNull(Path.Combine(directory, "memory.events")), "oom"),
        };
    }
}
