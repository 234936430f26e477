using System.Text;
using Aurae.Daemon.Executables;

namespace Aurae.Daemon.Tests.Executables;

public sealed class OutputBufferTests
{
    [Fact]
    public void Keeps_everything_below_capacity()
    {
        var buffer = new OutputBuffer(16);
        buffer.Append("hello "u8);
        buffer.Append("world"u8);
        var slice = buffer.Read(0, 100);
        Assert.Equal("hello world", Encoding.ASCII.GetString(slice.Data));
        Assert.Equal(0, slice.DroppedBefore);
        Assert.Equal(11, slice.NextOffset);
        Assert.Equal(0, buffer.DroppedBytes);
    }

    [Fact]
    public void Drops_the_oldest_bytes_when_full_and_tells_the_reader_how_many()
    {
        var buffer = new OutputBuffer(8);
        buffer.Append("abcdef"u8);
        var first = buffer.Read(0, 2);
        Assert.Equal("ab", Encoding.ASCII.GetString(first.Data));
        buffer.Append("ghijkl"u8); // 12 written, the newest 8 kept: "efghijkl"
        Assert.Equal(4, buffer.DroppedBytes);
        var next = buffer.Read(first.NextOffset, 100);
        Assert.Equal(2, next.DroppedBefore); // "cd" lost
        Assert.Equal("efghijkl", Encoding.ASCII.GetString(next.Data));
        Assert.Equal(12, next.NextOffset);
    }

    [Fact]
    public void A_write_larger_than_the_capacity_keeps_its_tail()
    {
        var buffer = new OutputBuffer(4);
        buffer.Append("xy"u8);
        buffer.Append("0123456789"u8);
        Assert.Equal(8, buffer.DroppedBytes);
        Assert.Equal("6789", Encoding.ASCII.GetString(buffer.Read(0, 100).Data));
    }

    [Fact]
    public void Wraps_around_the_ring_in_small_writes()
    {
        var buffer = new OutputBuffer(5000);
        var all = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            var line = $"{i}\n";
            all.Append(line);
            buffer.Append(Encoding.ASCII.GetBytes(line));
        }
        var expected = all.ToString()[^5000..];
        var slice = buffer.Read(0, 10000);
        Assert.Equal(expected, Encoding.ASCII.GetString(slice.Data));
        Assert.Equal(all.Length - 5000, slice.DroppedBefore);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_on_new_data_and_on_completion()
    {
        var buffer = new OutputBuffer(16);
        var waiting = buffer.WaitForDataAsync(0);
        Assert.False(waiting.IsCompleted);
        buffer.Append("x"u8);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        var more = buffer.WaitForDataAsync(1);
        Assert.False(more.IsCompleted);
        buffer.Complete();
        await more.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(buffer.IsCompleted);
    }
}
