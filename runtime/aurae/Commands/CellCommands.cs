using Aurae.Contract.Syntax;
using System.CommandLine;
using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Cli.Requests;
using Aurae.Cli.Syntax;

namespace Aurae.Cli.Commands;

/// <summary>`aurae cell allocate|free|ls`: CellService's cgroups.</summary>
internal static class CellCommands
{
    public static Command Create(CommandEnvironment environment)
    {
        var cell = new Command("cell", "Cells: cgroups with limits that executables run in.");
        cell.Subcommands.Add(Allocate(environment));

        var freeName = new Argument<string>("NAME") { Description = "The cell to free." };
        var free = new Command("free", "Kill everything in a cell and remove its cgroup.") { freeName };
        free.SetAction((parse, cancellation) =>
        {
            var name = parse.GetValue(freeName)!;
            return NodeFanOut.UnaryAsync(environment.OpenSession(parse),
                async (channel, token) => await new CellService.CellServiceClient(channel)
                    .FreeAsync(new CellServiceFreeRequest { CellName = name }, cancellationToken: token),
                _ => $"freed {name}", cancellation);
        });
        cell.Subcommands.Add(free);

        var list = new Command("ls", "Cells with their current CPU, memory and process figures.");
        list.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new CellService.CellServiceClient(channel)
                .ListAsync(new CellServiceListRequest(), cancellationToken: token),
            RenderList, cancellation));
        cell.Subcommands.Add(list);
        return cell;
    }

    private static Command Allocate(CommandEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The cell's name, or a/b for a cell nested in cell a." };
        var cpuWeight = new Option<ulong?>("--cpu-weight") { Description = "cpu.weight, 1-10000 (default 100)." };
        var cpuMax = new Option<string?>("--cpu-max") { Description = "cpu.max as QUOTA[/PERIOD] in microseconds, e.g. 50000/100000." };
        var cpuset = new Option<string?>("--cpuset") { Description = "CPUs the cell may use, e.g. 0-1,3." };
        var memoryMax = new Option<string?>("--memory-max") { Description = "memory.max, e.g. 32M or 1G." };
        var memoryHigh = new Option<string?>("--memory-high") { Description = "memory.high (throttling point below max), e.g. 24M." };
        var pidsMax = new Option<long?>("--pids-max") { Description = "pids.max: how many processes the cell may hold." };
        var isolateNetwork = new Option<bool>("--isolate-network") { Description = "Its own network namespace: loopback only." };
        var isolateProcess = new Option<bool>("--isolate-process") { Description = "Aurae's isolate_process (every cell that is not privileged is isolated anyway)." };
        var privileged = new Option<bool>("--privileged")
        {
            Description = "Share the node: the node's namespaces and root, every capability (admin only; for what must reach the node).",
        };
        var allocate = new Command("allocate", "Create a cell's cgroup with its limits (starts nothing). Its workloads are isolated unless --privileged.")
        {
            name, cpuWeight, cpuMax, cpuset, memoryMax, memoryHigh, pidsMax, isolateNetwork, isolateProcess, privileged,
        };
        allocate.SetAction((parse, cancellation) =>
        {
            var cell = new CellSettings(
                CpuWeight: parse.GetValue(cpuWeight),
                CpuMax: parse.GetValue(cpuMax) is { } maxText ? CpuMax.Parse(maxText) : null,
                Cpuset: parse.GetValue(cpuset),
                MemoryMax: parse.GetValue(memoryMax) is { } memoryMaxText ? ByteSizeSyntax.Parse(memoryMaxText) : null,
                MemoryHigh: parse.GetValue(memoryHigh) is { } memoryHighText ? ByteSizeSyntax.Parse(memoryHighText) : null,
                PidsMax: parse.GetValue(pidsMax),
                IsolateNetwork: parse.GetValue(isolateNetwork),
                IsolateProcess: parse.GetValue(isolateProcess),
                Privileged: parse.GetValue(privileged)).ToCell(parse.GetValue(name)!);
            return NodeFanOut.UnaryAsync(environment.OpenSession(parse),
                async (channel, token) => await new CellService.CellServiceClient(channel)
                    .AllocateAsync(new CellServiceAllocateRequest { Cell = cell }, cancellationToken: token),
                response => $"allocated {response.CellName}{(response.CgroupV2 ? "" : " (cgroup v1: limits not applied)")}", cancellation);
        });
        return allocate;
    }

    public static string RenderList(CellServiceListResponse response)
    {
        if (response.Cells.Count == 0)
            return "no cells";
        var text = new StringBuilder();
        text.AppendLine($"{"NAME",-24} {"ISOLATION",-12} {"CPU TIME",10} {"MEMORY",10} {"PEAK",10} {"PIDS",5} {"OOM",4}");
        foreach (var cell in response.Cells)
            AppendCell(text, cell, depth: 0);
        return text.ToString();
    }

    /// <summary>privileged, isolated (own namespaces, the node's network) or isolated+net (its own network too).</summary>
    public static string Isolation(Cell? cell) => cell switch
    {
        null => "",
        { Privileged: true } => "privileged",
        { IsolateNetwork: true } => "isolated+net",
        _ => "isolated",
    };

    private static void AppendCell(StringBuilder text, CellGraphNode node, int depth)
    {
        var usage = node.Usage ?? new CellUsage();
        var name = new string(' ', depth * 2) + node.Cell?.Name;
        var cpu = TimeSpan.FromMicroseconds(usage.CpuUsageUsec).TotalSeconds.ToString("0.00s", System.Globalization.CultureInfo.InvariantCulture);
        text.AppendLine($"{name,-24} {Isolation(node.Cell),-12} {cpu,10} {ByteSizeSyntax.FormatApproximately(usage.MemoryCurrentBytes),10} " +
                        $"{ByteSizeSyntax.FormatApproximately(usage.MemoryPeakBytes),10} {usage.PidsCurrent,5} {usage.OomKills,4}");
        foreach (var child in node.Children)
            AppendCell(text, child, depth + 1);
    }
}
