using System.Globalization;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// The node's own figures from proc(5): CPU time by mode from /proc/stat's first line (in USER_HZ,
/// 100 per second on every Linux ABI), and memory from /proc/meminfo (in kB).
/// </summary>
public static class ProcNodeFigures
{
    /// <summary>sysconf(_SC_CLK_TCK): fixed at 100 by the kernel's ABI for user space.</summary>
    private const double UserHz = 100;

    /// <summary>The modes of the "cpu" line, in the order proc(5) lists them.</summary>
    private static readonly string[] CpuModes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];

    /// <summary>Seconds of CPU time in each mode, all CPUs together; empty when the line is missing.</summary>
    public static IReadOnlyList<(string Mode, double Seconds)> CpuSeconds(string statText)
    {
        var line = statText.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
            return [];
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, double)>();
        for (int index = 0; index < CpuModes.Length && index + 1 < fields.Length; index++)
        {
            if (ulong.TryParse(fields[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                result.Add((CpuModes[index], ticks / UserHz));
        }
        return result;
    }

    /// <summary>A /proc/meminfo field ("MemTotal:  1014204 kB") in bytes; null when absent.</summary>
    public static ulong? MeminfoBytes(string meminfoText, string field) =>
        meminfoText.Split('\n').Select(line => Api.DaemonMemoryReader.Field(line, field + ":")).FirstOrDefault(value => value is not null);
}
