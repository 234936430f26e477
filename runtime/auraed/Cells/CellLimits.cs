using System.Globalization;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Failures;

namespace Aurae.Daemon.Cells;

/// <summary>
/// A cell's resource limits, validated from the proto <see cref="Cell"/> and turned into the
/// cgroup v2 interface files to write. Validation rejects what the kernel would refuse or what
/// cannot be meant (negative sizes, a memory limit below one page) as an invalid request naming the
/// field, before any directory is made. Docs: https://docs.kernel.org/admin-guide/cgroup-v2.html
/// </summary>
public sealed class CellLimits
{
    public const ulong MinCpuWeight = 1;
    public const ulong MaxCpuWeight = 10_000;
    public const long MinCpuQuotaUsec = 1_000;
    // The kernel's limit on a quota (MAX_BW in kernel/sched/core.c, in microseconds).
    public const long MaxCpuQuotaUsec = (1L << 44) - 1;
    public const ulong MinCpuPeriodUsec = 1_000;
    public const ulong MaxCpuPeriodUsec = 1_000_000;
    // Aurae's period: a quota alone means "this many microseconds of CPU per second".
    public const ulong DefaultCpuPeriodUsec = 1_000_000;
    public const long MinMemoryBytes = 4096;
    // PID_MAX_LIMIT: pids.max refuses anything above it.
    public const long MaxPids = 4 * 1024 * 1024;

    public ulong? CpuWeight { get; private init; }
    public long? CpuQuotaUsec { get; private init; }
    public ulong? CpuPeriodUsec { get; private init; }
    public string? CpusetCpus { get; private init; }
    public string? CpusetMems { get; private init; }
    public long? MemoryMax { get; private init; }
    public long? MemoryHigh { get; private init; }
    public long? PidsMax { get; private init; }

    /// <summary>cpu.max content: "QUOTA PERIOD", "max PERIOD" for a period alone, or null.</summary>
    public string? CpuMax =>
        CpuQuotaUsec is null && CpuPeriodUsec is null
            ? null
            : $"{(CpuQuotaUsec is { } quota ? quota.ToString(CultureInfo.InvariantCulture) : "max")} " +
              $"{(CpuPeriodUsec ?? DefaultCpuPeriodUsec).ToString(CultureInfo.InvariantCulture)}";

    public static CellLimits FromCell(Cell cell)
    {
        var cpu = cell.Cpu;
        var cpuset = cell.Cpuset;
        var memory = cell.Memory;
        var pids = cell.Pids;
        var limits = new CellLimits
        {
            CpuWeight = cpu is { HasWeight: true } ? cpu.Weight : null,
            CpuQuotaUsec = cpu is { HasMax: true } ? cpu.Max : null,
            CpuPeriodUsec = cpu is { HasPeriod: true } ? cpu.Period : null,
            // An empty list means "inherit the parent's" to the kernel: the same as not setting it.
            CpusetCpus = cpuset is { HasCpus: true } && cpuset.Cpus.Length > 0 ? cpuset.Cpus : null,
            CpusetMems = cpuset is { HasMems: true } && cpuset.Mems.Length > 0 ? cpuset.Mems : null,
            MemoryMax = memory is { HasMax: true } ? memory.Max : null,
            MemoryHigh = memory is { HasHigh: true } ? memory.High : null,
            PidsMax = pids is { HasMax: true } ? pids.Max : null,
        };
        limits.Validate();
        return limits;
    }

    /// <summary>The files to write, in the order to write them.</summary>
    public IReadOnlyList<CgroupSetting> Settings()
    {
        var settings = new List<CgroupSetting>();
        // cpuset first: the others do not depend on it, but a refused CPU list is the likeliest failure.
        if (CpusetCpus is not null)
            settings.Add(new("cpuset.cpus", CpusetCpus, "cell.cpuset.cpus"));
        if (CpusetMems is not null)
            settings.Add(new("cpuset.mems", CpusetMems, "cell.cpuset.mems"));
        if (CpuWeight is { } weight)
            settings.Add(new("cpu.weight", Text(weight), "cell.cpu.weight"));
        if (CpuMax is { } cpuMax)
            settings.Add(new("cpu.max", cpuMax, CpuQuotaUsec is null ? "cell.cpu.period" : "cell.cpu.max"));
        if (MemoryMax is { } memoryMax)
            settings.Add(new("memory.max", Text(memoryMax), "cell.memory.max"));
        if (MemoryHigh is { } memoryHigh)
            settings.Add(new("memory.high", Text(memoryHigh), "cell.memory.high"));
        if (PidsMax is { } pidsMax)
            settings.Add(new("pids.max", Text(pidsMax), "cell.pids.max"));
        return settings;
    }

    /// <summary>
    /// A kernel CPU or memory-node list: comma-separated numbers or ascending ranges, "0-3,5".
    /// Returns null when valid, else what is wrong.
    /// </summary>
    public static string? CheckList(string list)
    {
        foreach (var item in list.Split(','))
        {
            if (item.Length == 0)
                return "has an empty item";
            var dash = item.IndexOf('-');
            var first = dash < 0 ? item : item[..dash];
            var last = dash < 0 ? item : item[(dash + 1)..];
            if (!TryIndex(first, out var low) || !TryIndex(last, out var high))
                return $"item '{item}' is not a number or a range such as 0-3";
            if (low > high)
                return $"range '{item}' is not ascending";
        }
        return null;
    }

    private void Validate()
    {
        if (CpuWeight is { } weight && weight is < MinCpuWeight or > MaxCpuWeight)
            throw Invalid("cell.cpu.weight", $"{weight} is outside {MinCpuWeight}..{MaxCpuWeight}");
        if (CpuQuotaUsec is { } quota && quota < MinCpuQuotaUsec)
            throw Invalid("cell.cpu.max", $"{quota} is below {MinCpuQuotaUsec} microseconds");
        if (CpuQuotaUsec is { } bigQuota && bigQuota > MaxCpuQuotaUsec)
            throw Invalid("cell.cpu.max", $"{bigQuota} is above the kernel's limit of {MaxCpuQuotaUsec} microseconds");
        if (CpuPeriodUsec is { } period && period is < MinCpuPeriodUsec or > MaxCpuPeriodUsec)
            throw Invalid("cell.cpu.period", $"{period} is outside {MinCpuPeriodUsec}..{MaxCpuPeriodUsec} microseconds");
        if (CpusetCpus is not null && CheckList(CpusetCpus) is { } cpusError)
            throw Invalid("cell.cpuset.cpus", $"'{CpusetCpus}' {cpusError} (expected a list such as \"0-3,5\")");
        if (CpusetMems is not null && CheckList(CpusetMems) is { } memsError)
            throw Invalid("cell.cpuset.mems", $"'{CpusetMems}' {memsError} (expected a list such as \"0-1\")");
        if (MemoryMax is { } max && max < MinMemoryBytes)
            throw Invalid("cell.memory.max", $"{max} is below {MinMemoryBytes} bytes");
        if (MemoryHigh is { } high && high < MinMemoryBytes)
            throw Invalid("cell.memory.high", $"{high} is below {MinMemoryBytes} bytes");
        if (MemoryMax is { } limit && MemoryHigh is { } throttle && throttle > limit)
            throw Invalid("cell.memory.high", $"{throttle} is above cell.memory.max {limit}");
        if (PidsMax is { } pids && pids < 1)
            throw Invalid("cell.pids.max", $"{pids} is below 1");
        if (PidsMax is { } manyPids && manyPids > MaxPids)
            throw Invalid("cell.pids.max", $"{manyPids} is above the kernel's limit of {MaxPids}");
    }

    // CPU and node numbers: digits only (no sign, no spaces), and small enough to be real.
    private static bool TryIndex(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 5)
            return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static FailureException Invalid(string field, string problem) =>
        new(FailureKind.InvalidRequest, $"{field}: {problem}");
}
