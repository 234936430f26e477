using Aurae.Api.Discovery.V0;

namespace Aurae.Bench.Node;

/// <summary>
/// The daemon's memory as the node sees it. The API reports no process memory, so this runs
/// busybox in a cell to read the daemon's /proc/PID/status (cells share the node's PID
/// namespace); the PID comes from Discover (1 when the daemon is the node's init).
/// </summary>
public static class DaemonMemoryProbe
{
    private static readonly string[] Fields = ["VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "VmSize"];

    public static async Task<IReadOnlyList<(string, string)>> RunAsync(BenchArguments arguments)
    {
        using var channel = arguments.Node().OpenChannel();
        var discovered = await new DiscoveryService.DiscoveryServiceClient(channel)
            .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        var pid = discovered.Node.DaemonPid;
        await using var cell = await BusyboxCell.CreateAsync(channel, arguments.Required("busybox"), $"bench-rss-{Environment.ProcessId}");
        var (statusText, _) = await cell.RunAsync("cat", $"/proc/{pid}/status");
        var (meminfo, _) = await cell.RunAsync("cat", "/proc/meminfo");

        var figures = new List<(string, string)> { ("daemon_pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        figures.AddRange(Fields.Select(field => (field + "_kB", KilobytesOf(statusText, field, $"/proc/{pid}/status"))));
        figures.Add(("MemTotal_kB", KilobytesOf(meminfo, "MemTotal", "/proc/meminfo")));
        figures.Add(("MemAvailable_kB", KilobytesOf(meminfo, "MemAvailable", "/proc/meminfo")));
        return figures;
    }

    // "VmRSS:     12345 kB" → "12345".
    private static string KilobytesOf(string text, string field, string file) =>
        text.Split('\n').Select(line => line.Split(':', 2)).Where(parts => parts.Length == 2 && parts[0] == field)
            .Select(parts => parts[1].Trim().Split(' ')[0]).FirstOrDefault()
        ?? throw new InvalidOperationException($"no {field} in {file}:\n{text}");
}
