using System.Diagnostics;

namespace Aurae.Daemon.Logging;

/// <summary>
/// Seconds since the kernel booted: Linux's CLOCK_MONOTONIC (what Stopwatch reads) starts at
/// boot, as the kernel's own log timestamps do, so the daemon's lines interleave with the kernel's.
/// </summary>
public static class BootClock
{
    public static double Seconds => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
