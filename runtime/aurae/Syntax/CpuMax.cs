using System.Globalization;

namespace Aurae.Cli.Syntax;

/// <summary>
/// cpu.max as the kernel writes it: QUOTA[/PERIOD] in microseconds, e.g. 50000/100000 for half
/// a CPU. Without a period the daemon uses Aurae's 1 000 000 µs.
/// </summary>
internal sealed record CpuMax(long Quota, ulong? Period)
{
    // The kernel's bounds for cpu.max (kernel/sched/core.c: 1 ms minimum, 1 s maximum period).
    private const long MinimumMicroseconds = 1000;
    private const ulong MaximumPeriod = 1_000_000;

    /// <exception cref="FormatException">Not QUOTA[/PERIOD] within the kernel's bounds.</exception>
    public static CpuMax Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length > 2)
            throw new FormatException($"'{text}' is not QUOTA[/PERIOD] (microseconds, e.g. 50000/100000)");
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota))
            throw new FormatException($"'{parts[0]}' is not a quota in microseconds (cpu.max QUOTA[/PERIOD], e.g. 50000/100000)");
        if (quota < MinimumMicroseconds)
            throw new FormatException($"quota {quota} µs is below the kernel's minimum of {MinimumMicroseconds} µs");
        if (parts.Length == 1)
            return new CpuMax(quota, null);
        if (!ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period))
            throw new FormatException($"'{parts[1]}' is not a period in microseconds");
        if (period is < (ulong)MinimumMicroseconds or > MaximumPeriod)
            throw new FormatException($"period {period} µs is outside {MinimumMicroseconds}-{MaximumPeriod} µs");
        return new CpuMax(quota, period);
    }
}
