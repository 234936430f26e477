using Aurae.Api.Cells.V0;
using Aurae.Cli.Syntax;

namespace Aurae.Cli.Requests;

/// <summary>
/// A cell's limits and isolation as `aurae cell allocate` and workloads.yaml give them, made into
/// the one Cell request both send: what is not given is left unset, so the node's defaults apply
/// and the node's echo of the cell compares equal to the request.
/// </summary>
internal sealed record CellSettings(ulong? CpuWeight = null, CpuMax? CpuMax = null, string? Cpuset = null, long? MemoryMax = null,
    long? MemoryHigh = null, long? PidsMax = null, bool IsolateNetwork = false, bool IsolateProcess = false, bool Privileged = false)
{
    public Cell ToCell(string name)
    {
        var cell = new Cell { Name = name, IsolateNetwork = IsolateNetwork, IsolateProcess = IsolateProcess, Privileged = Privileged };
        if (CpuWeight is { } weight)
            (cell.Cpu ??= new CpuController()).Weight = weight;
        if (CpuMax is { } max)
        {
            (cell.Cpu ??= new CpuController()).Max = max.Quota;
            if (max.Period is { } period)
                cell.Cpu.Period = period;
        }
        if (Cpuset is { } cpus)
            cell.Cpuset = new CpusetController { Cpus = cpus };
        if (MemoryMax is { } memoryMax)
            (cell.Memory ??= new MemoryController()).Max = memoryMax;
        if (MemoryHigh is { } memoryHigh)
            (cell.Memory ??= new MemoryController()).High = memoryHigh;
        if (PidsMax is { } pids)
            cell.Pids = new PidsController { Max = pids };
        return cell;
    }
}
