using Aurae.Daemon.Executables;

namespace Aurae.Daemon.Tests.Executables;

public sealed class WaitStatusTests
{
    [Theory]
    [InlineData(0x0000, true, 0, 0)]
    [InlineData(0x0300, true, 3, 0)]
    [InlineData(0xff00, true, 255, 0)]
    [InlineData(0x0009, false, 0, 9)]
    [InlineData(0x008b, false, 0, 11)] // SIGSEGV with the core-dump bit
    public void Decodes_the_raw_wait_status(int raw, bool exited, int code, int signal) =>
        Assert.Equal(new WaitStatus(exited, code, signal), WaitStatus.Decode(raw));
}
