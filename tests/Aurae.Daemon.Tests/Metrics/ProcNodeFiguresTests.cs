using Aurae.Daemon.Metrics;

namespace Aurae.Daemon.Tests.Metrics;

public sealed class ProcNodeFiguresTests
{
    [Fact]
    public void Cpu_seconds_come_from_the_summary_line_in_user_hz()
    {
        const string stat = "cpu  10 20 30 400 50 6 7 8 0 0\ncpu0 5 10 15 200 25 3 3 4 0 0\nintr 1\n";
        Assert.Equal(
            [("user", 0.1), ("nice", 0.2), ("system", 0.3), ("idle", 4.0), ("iowait", 0.5), ("irq", 0.06), ("softirq", 0.07), ("steal", 0.08)],
            ProcNodeFigures.CpuSeconds(stat));
        Assert.Empty(ProcNodeFigures.CpuSeconds("intr 1\n"));
    }

    [Fact]
    public void Meminfo_fields_are_read_in_bytes()
    {
        const string meminfo = "MemTotal:        1014204 kB\nMemFree:          500000 kB\nMemAvailable:     812345 kB\n";
        Assert.Equal(1014204UL * 1024, ProcNodeFigures.MeminfoBytes(meminfo, "MemTotal"));
        Assert.Equal(812345UL * 1024, ProcNodeFigures.MeminfoBytes(meminfo, "MemAvailable"));
        Assert.Null(ProcNodeFigures.MeminfoBytes(meminfo, "SwapTotal"));
        Assert.Null(ProcNodeFigures.MeminfoBytes("MemTotal: lots\n", "MemTotal"));
    }
}
