using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Tests.Sandbox;

public sealed class SyscallTableTests
{
    [Theory]
    [InlineData("read", 0)]
    [InlineData("clone", 56)]
    [InlineData("execve", 59)]
    [InlineData("personality", 135)]
    [InlineData("mount", 165)]
    [InlineData("socket", 41)]
    [InlineData("clone3", 435)]
    [InlineData("set_mempolicy_home_node", 450)]
    public void Numbers_are_the_x86_64_ones(string name, int number)
    {
        Assert.Equal(number, SyscallTable.Number(name));
        Assert.True(SyscallTable.TryNumber(name, out var found));
        Assert.Equal(number, found);
    }

    [Theory]
    [InlineData("mmap2")] // 32-bit only
    [InlineData("socketcall")] // i386 only
    [InlineData("Read")]
    [InlineData("")]
    public void A_name_x86_64_lacks_is_refused(string name)
    {
        Assert.False(SyscallTable.TryNumber(name, out _));
        Assert.Throws<ArgumentException>(() => SyscallTable.Number(name));
    }

    [Fact]
    public void Holds_every_call_of_the_6_1_header_once()
    {
        Assert.Equal(362, SyscallTable.Names.Count);
        var numbers = SyscallTable.Names.Select(SyscallTable.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}
