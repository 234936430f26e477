using Aurae.Daemon.Observe;

namespace Aurae.Daemon.Tests.Observe;

/// <summary>/dev/kmsg records (Documentation/ABI/testing/dev-kmsg).</summary>
public sealed class KernelLogReaderTests
{
    [Fact]
    public void A_record_gives_level_and_message_and_drops_its_dictionary_lines()
    {
        var entry = KernelLogReader.Parse("6,339,5140900,-;virtio_net virtio0 eth0: renamed\n SUBSYSTEM=net\n DEVICE=n2\n")!;
        Assert.Equal("info", entry.Channel);
        Assert.Equal("virtio_net virtio0 eth0: renamed", entry.Line);
    }

    [Theory]
    [InlineData("3,1,2,-;x", "err")]
    [InlineData("12,1,2,-;x", "warning")] // facility user (1 << 3), level 4
    [InlineData("0,1,2,c;x", "emerg")]
    public void The_level_is_the_low_three_bits_of_the_priority(string record, string level) =>
        Assert.Equal(level, KernelLogReader.Parse(record)!.Channel);

    [Theory]
    [InlineData("no separator")]
    [InlineData("x,1,2;message")]
    [InlineData("6,1;message")]
    public void Malformed_records_are_skipped(string record) => Assert.Null(KernelLogReader.Parse(record));
}
