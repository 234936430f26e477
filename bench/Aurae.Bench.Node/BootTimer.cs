using System.Diagnostics;
using System.Globalization;

namespace Aurae.Bench.Node;

/// <summary>
/// Starts a machine (QEMU's argv after "--") and times it from the start until a console line
/// appears or until the node's API first answers over mutual TLS. Every console line is written
/// to --console with the milliseconds since the start at which the host saw it, so the scripts
/// can tell where the time went; the machine is killed at the end.
/// </summary>
public static class BootTimer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<(string, string)>> RunAsync(BenchArguments arguments)
    {
        if (arguments.Rest.Count == 0)
            throw new ArgumentException("no machine to start: give its argv after '--'");
        var line = arguments.Optional("line");
        // Console lines (separated by '|') that must all have appeared before the first attempt.
        // Through QEMU's user networking a connection made before the guest can answer is held
        // until the forwarder retransmits its SYN (about 1 s) or the attempt's 2 s deadline: the
        // probe would time the retransmission, not the node. The API cannot answer before it
        // logs that it serves, nor before the node has its address, so waiting for both lines
        // delays the answer by no more than the console's latency for the later one.
        var probeAfter = (arguments.Optional("probe-after") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        var awaited = new HashSet<string>(probeAfter, StringComparer.Ordinal);
        var probeMay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (awaited.Count == 0)
            probeMay.TrySetResult();
        var probe = line is null ? new ApiProbe(arguments.Node()) : null;
        if (probe is not null)
            await probe.WarmUpAsync();

        var start = new ProcessStartInfo(arguments.Rest[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments.Rest.Skip(1))
            start.ArgumentList.Add(argument);

        await using var console = new StreamWriter(arguments.Required("console"));
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var machine = Process.Start(start) ?? throw new InvalidOperationException($"'{arguments.Rest[0]}' did not start");
        void Record(string? text)
        {
            if (text is null)
                return;
            var stamp = clock.Elapsed.TotalMilliseconds;
            lock (console)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stamp:F1}\t{text}"));
            if (line is not null && text.Contains(line, StringComparison.Ordinal))
                seen.TrySetResult();
            lock (awaited)
            {
                if (awaited.RemoveWhere(a => text.Contains(a, StringComparison.Ordinal)) > 0 && awaited.Count == 0)
                    probeMay.TrySetResult();
            }
        }
        machine.OutputDataReceived += (_, e) => Record(e.Data);
        machine.ErrorDataReceived += (_, e) => Record(e.Data);
        machine.BeginOutputReadLine();
        machine.BeginErrorReadLine();
        try
        {
            var ready = probe is null ? seen.Task : ProbeAsync(probe, probeMay.Task, clock);
            var exited = machine.WaitForExitAsync();
            var first = await Task.WhenAny(ready, exited, Task.Delay(Timeout));
            if (first != ready)
                throw new TimeoutException(first == exited
                    ? $"the machine exited (code {machine.ExitCode}) before it was up; console in {arguments.Required("console")}"
                    : $"the machine was not up within {Timeout.TotalSeconds} s; console in {arguments.Required("console")}");
            await ready;
            var elapsed = clock.Elapsed;
            Record(probe is null ? "[bench] console line seen" : "[bench] first mTLS Discover answered");
            return [("elapsed_ns", ((long)(elapsed.TotalMilliseconds * 1e6)).ToString(CultureInfo.InvariantCulture))];
        }
        finally
        {
            if (!machine.HasExited)
                machine.Kill(entireProcessTree: true);
            await machine.WaitForExitAsync();
        }
    }

    private static async Task ProbeAsync(ApiProbe probe, Task mayStart, Stopwatch clock)
    {
        await mayStart.WaitAsync(Timeout);
        await probe.WaitUntilAnswersAsync(clock, Timeout);
    }
}
