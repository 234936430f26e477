using Aurae.Daemon.Cells;

namespace Aurae.Daemon.Tests.Cells;

public sealed class CellUsageReaderTests
{
    [Fact]
    public void Reads_usage_from_the_groups_files()
    {
        var directory = Directory.CreateTempSubdirectory("aurae-usage-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "cpu.stat"), "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\nnr_periods 0\n");
            File.WriteAllText(Path.Combine(directory, "memory.current"), "1048576\n");
            File.WriteAllText(Path.Combine(directory, "memory.peak"), "2097152\n");
            File.WriteAllText(Path.Combine(directory, "pids.current"), "3\n");
            File.WriteAllText(Path.Combine(directory, "memory.events"), "low 0\nhigh 4\nmax 2\noom 1\noom_kill 1\noom_group_kill 0\n");
            var usage = CellUsageReader.Read(directory);
            Assert.Equal(123456UL, usage.CpuUsageUsec);
            Assert.Equal(1048576UL, usage.MemoryCurrentBytes);
            Assert.Equal(2097152UL, usage.MemoryPeakBytes);
            Assert.Equal(3UL, usage.PidsCurrent);
            Assert.Equal(1UL, usage.OomKills);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Missing_files_and_groups_read_as_zero()
    {
        var usage = CellUsageReader.Read("/nonexistent/aurae/cell");
        Assert.Equal(0UL, usage.CpuUsageUsec + usage.MemoryCurrentBytes + usage.MemoryPeakBytes + usage.PidsCurrent + usage.OomKills);
    }

    [Theory]
    [InlineData("oom 1\noom_kill 7\n", "oom_kill", 7UL)]
    [InlineData("oom_kill 7\noom 1\n", "oom", 1UL)]
    [InlineData("oom_group_kill 9\n", "oom_kill", 0UL)]
    [InlineData("", "usage_usec", 0UL)]
    [InlineData("usage_usec max\n", "usage_usec", 0UL)]
    public void Keyed_values_match_the_whole_key(string text, string key, ulong expected) =>
        Assert.Equal(expected, CellUsageReader.KeyedValue(text, key));
}
