using System.Globalization;
using Aurae.Api.Cells.V0;

namespace Aurae.Daemon.Cells;

/// <summary>
/// A cell's live figures, read from its cgroup files. A missing file reads as 0: the controller
/// may not be enabled, memory.peak only exists from Linux 5.19, and the group may be going away.
/// </summary>
public static class CellUsageReader
{
    public static CellUsage Read(string directory) => new()
    {
        CpuUsageUsec = KeyedValue(ReadFile(directory, "cpu.stat"), "usage_usec"),
        MemoryCurrentBytes = SingleValue(ReadFile(directory, "memory.current")),
        MemoryPeakBytes = SingleValue(ReadFile(directory, "memory.peak")),
        PidsCurrent = SingleValue(ReadFile(directory, "pids.current")),
        OomKills = KeyedValue(ReadFile(directory, "memory.events"), "oom_kill"),
    };

    /// <summary>The value of "key N" in a flat-keyed file such as cpu.stat; 0 when absent.</summary>
    public static ulong KeyedValue(string? text, string key)
    {
        if (text is null)
            return 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key))
                return SingleValue(line[(space + 1)..]);
        }
        return 0;
    }

    /// <summary>A single-number file such as memory.current; 0 when absent or not a number.</summary>
    public static ulong SingleValue(string? text) =>
        text is not null && ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string? ReadFile(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
