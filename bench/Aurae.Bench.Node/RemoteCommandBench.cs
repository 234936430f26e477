using System.Diagnostics;
using System.Globalization;

namespace Aurae.Bench.Node;

/// <summary>
/// `true` started in a cell and its exit code read back, through the client library over ONE
/// channel (as a program would use the API): one at a time, each call timed; then many with
/// a fixed number in flight, for starts per second. `--privileged true` runs them in a privileged
/// cell (the node's namespaces), to measure what isolation costs.
/// </summary>
public static class RemoteCommandBench
{
    public static async Task<IReadOnlyList<(string, string)>> RunAsync(BenchArguments arguments)
    {
        var sequential = arguments.Integer("sequential", 20);
        var parallel = arguments.Integer("parallel", 16);
        var parallelTotal = arguments.Integer("parallel-total", 160);
        using var channel = arguments.Node().OpenChannel();
        var privileged = arguments.Optional("privileged") == "true";
        await using var cell = await BusyboxCell.CreateAsync(channel, arguments.Required("busybox"),
            $"bench-remote-{(privileged ? "p" : "i")}-{Environment.ProcessId}", privileged);

        // Warm-up: connection, TLS session, JIT on both ends.
        for (var i = 0; i < 3; i++)
            await RunTrueAsync(cell);

        var calls = new List<long>();
        for (var i = 0; i < sequential; i++)
        {
            var clock = Stopwatch.StartNew();
            await RunTrueAsync(cell);
            calls.Add(Nanoseconds(clock.Elapsed));
        }

        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, parallelTotal), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (_, _) => await RunTrueAsync(cell));
        var parallelNs = Nanoseconds(total.Elapsed);

        return
        [
            ("call_ns", string.Join(' ', calls)),
            ("parallel_ns", parallelNs.ToString(CultureInfo.InvariantCulture)),
            ("parallel_count", parallelTotal.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private static async Task RunTrueAsync(BusyboxCell cell)
    {
        var (_, status) = await cell.RunAsync("true");
        if (status.ExitCode != 0 || status.Signal != 0)
            throw new InvalidOperationException($"`true` ended with exit code {status.ExitCode}, signal {status.Signal}");
    }

    private static long Nanoseconds(TimeSpan span) => (long)(span.TotalMilliseconds * 1e6);
}
