using System.Globalization;
using Aurae.Api.Node.V0;

namespace Aurae.Daemon.Api;

/// <summary>
/// The daemon's own memory from proc(5)'s status file: VmRSS (resident now) and VmHWM (the peak),
/// which the kernel gives in kB ("VmRSS:\t   39880 kB").
/// </summary>
public static class DaemonMemoryReader
{
    /// <summary>The status file of the calling process.</summary>
    public const string OwnStatusPath = "/proc/self/status";

    private const long BytesPerKilobyte = 1024;

    /// <summary>Reads <paramref name="statusPath"/>; a field it lacks reads as 0.</summary>
    public static DaemonMemory Read(string statusPath = OwnStatusPath) => Parse(File.ReadAllLines(statusPath));

    /// <summary>The memory figures of status file lines.</summary>
    public static DaemonMemory Parse(IEnumerable<string> statusLines)
    {
        var memory = new DaemonMemory();
        foreach (var line in statusLines)
        {
            if (Field(line, "VmRSS:") is { } rss)
                memory.RssBytes = rss;
            else if (Field(line, "VmHWM:") is { } peak)
                memory.PeakRssBytes = peak;
        }
        return memory;
    }

    /// <summary>
    /// "NAME:  N kB" → N × 1024 bytes; null for another field or a malformed value. The shape of
    /// proc(5)'s status and meminfo lines alike.
    /// </summary>
    public static ulong? Field(string line, string name)
    {
        if (!line.StartsWith(name, StringComparison.Ordinal))
            return null;
        var parts = line[name.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts is [var number, "kB"] && ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
            ? kilobytes * BytesPerKilobyte
            : null;
    }
}
