using Aurae.Api.Cells.V0;
using Aurae.Daemon.Api;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Executables;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// Everything the metrics endpoint serves, read fresh at each scrape: the node's CPU and memory,
/// each cell's cgroup figures, the workloads by kind and state, the API's calls by method and
/// status, when the boot reached each step, and the daemon's own memory.
/// </summary>
public sealed class NodeMetrics(CellRegistry cells, ExecutableSupervisor executables, ApiCallCounter calls, BootMilestones boot,
    string procRoot = "/proc")
{
    public string Scrape()
    {
        var text = new PrometheusText();
        WriteNode(text);
        WriteCells(text);
        WriteWorkloads(text);

        text.Family("aurae_api_calls_total", MetricType.Counter, "API calls by method and the gRPC status they ended with.");
        foreach (var (method, code, count) in calls.Snapshot())
            text.Sample("aurae_api_calls_total", count, ("method", method), ("code", code.ToString()));

        text.Family("aurae_boot_milestone_seconds", MetricType.Gauge, "Seconds from the kernel's start to each step of the boot.");
        foreach (var (milestone, seconds) in boot.Reached())
            text.Sample("aurae_boot_milestone_seconds", seconds, ("milestone", milestone));

        var memory = DaemonMemoryReader.Read(Path.Combine(procRoot, "self", "status"));
        text.Family("aurae_daemon_resident_bytes", MetricType.Gauge, "auraed's resident memory (VmRSS).");
        text.Sample("aurae_daemon_resident_bytes", memory.RssBytes);
        text.Family("aurae_daemon_resident_peak_bytes", MetricType.Gauge, "auraed's peak resident memory (VmHWM).");
        text.Sample("aurae_daemon_resident_peak_bytes", memory.PeakRssBytes);
        return text.ToString();
    }

    private void WriteNode(PrometheusText text)
    {
        text.Family("aurae_node_cpu_seconds_total", MetricType.Counter, "CPU time of the whole node by mode, all CPUs together (/proc/stat).");
        foreach (var (mode, seconds) in ProcNodeFigures.CpuSeconds(File.ReadAllText(Path.Combine(procRoot, "stat"))))
            text.Sample("aurae_node_cpu_seconds_total", seconds, ("mode", mode));
        // A field the kernel does not give is left out, not reported as 0.
        var meminfo = File.ReadAllText(Path.Combine(procRoot, "meminfo"));
        text.Family("aurae_node_memory_total_bytes", MetricType.Gauge, "The node's memory (MemTotal).");
        if (ProcNodeFigures.MeminfoBytes(meminfo, "MemTotal") is { } total)
            text.Sample("aurae_node_memory_total_bytes", total);
        text.Family("aurae_node_memory_available_bytes", MetricType.Gauge, "Memory available for new work without swapping (MemAvailable).");
        if (ProcNodeFigures.MeminfoBytes(meminfo, "MemAvailable") is { } available)
            text.Sample("aurae_node_memory_available_bytes", available);
    }

    private void WriteCells(PrometheusText text)
    {
        var all = new List<CellGraphNode>();
        void Walk(IEnumerable<CellGraphNode> nodes)
        {
            foreach (var node in nodes)
            {
                all.Add(node);
                Walk(node.Children);
            }
        }
        Walk(cells.List());

        (string Name, MetricType Type, string Help, Func<CellUsage, double> Value)[] families =
        [
            ("aurae_cell_cpu_seconds_total", MetricType.Counter, "CPU time of the cell's processes (cpu.stat usage_usec).", usage => usage.CpuUsageUsec / 1e6),
            ("aurae_cell_memory_bytes", MetricType.Gauge, "The cell's memory now (memory.current).", usage => usage.MemoryCurrentBytes),
            ("aurae_cell_memory_peak_bytes", MetricType.Gauge, "The cell's highest memory (memory.peak).", usage => usage.MemoryPeakBytes),
            ("aurae_cell_pids", MetricType.Gauge, "Processes and threads in the cell (pids.current).", usage => usage.PidsCurrent),
            ("aurae_cell_oom_kills_total", MetricType.Counter, "Processes of the cell the OOM killer killed (memory.events oom_kill).", usage => usage.OomKills),
        ];
        foreach (var (name, type, help, value) in families)
        {
            // cgroup v2 counts a child's figures in its parent's too: summing over cells counts nested ones twice.
            text.Family(name, type, help + " A nested cell's figures are part of its parent's.");
            foreach (var node in all)
                text.Sample(name, value(node.Usage ?? new CellUsage()), ("cell", node.Cell?.Name ?? ""));
        }
    }

    private void WriteWorkloads(PrometheusText text)
    {
        text.Family("aurae_workloads", MetricType.Gauge, "Executables and containers the daemon knows, by kind and state (ended ones until they are forgotten).");
        var counts = executables.CountByKindAndState();
        foreach (var kind in new[] { false, true })
        {
            foreach (var (state, label) in new[]
            {
                (ExecutableStatus.Types.State.Running, "running"),
                (ExecutableStatus.Types.State.Exited, "exited"),
                (ExecutableStatus.Types.State.Signaled, "signaled"),
            })
            {
                var count = counts.Where(c => c.Container == kind && c.State == state).Sum(c => c.Count);
                text.Sample("aurae_workloads", count, ("kind", kind ? "container" : "executable"), ("state", label));
            }
        }
    }
}
