using Aurae.Daemon.Api;

namespace Aurae.Daemon.Tests.Api;

public sealed class DaemonMemoryReaderTests
{
    [Fact]
    public void VmRSS_and_VmHWM_are_read_in_bytes()
    {
        var memory = DaemonMemoryReader.Parse(
        [
            "Name:\tauraed",
            "VmPeak:\t 2657032 kB",
            "VmHWM:\t   41000 kB",
            "VmRSS:\t   39880 kB",
            "RssAnon:\t   23388 kB",
        ]);

        Assert.Equal(39880UL * 1024, memory.RssBytes);
        Assert.Equal(41000UL * 1024, memory.PeakRssBytes);
    }

    [Fact]
    public void Missing_or_malformed_fields_read_as_zero()
    {
        var memory = DaemonMemoryReader.Parse(["VmRSS:\t  lots kB", "VmHWM: 12 MB", "Name:\tx"]);

        Assert.Equal(0UL, memory.RssBytes);
        Assert.Equal(0UL, memory.PeakRssBytes);
    }

    [Fact]
    public void This_process_has_a_resident_size_no_larger_than_its_peak()
    {
        var memory = DaemonMemoryReader.Read();

        Assert.True(memory.RssBytes > 1 << 20, $"VmRSS {memory.RssBytes} bytes");
        Assert.True(memory.PeakRssBytes >= memory.RssBytes);
    }
}
