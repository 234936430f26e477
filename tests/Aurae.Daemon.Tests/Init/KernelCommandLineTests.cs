using Aurae.Daemon.Init;

namespace Aurae.Daemon.Tests.Init;

public sealed class KernelCommandLineTests
{
    [Fact]
    public void Splits_on_spaces_keeps_quoted_groups_and_lets_the_last_value_win()
    {
        var line = new KernelCommandLine("console=ttyS0  ip=dhcp quiet note=\"two words\" ip=off\n");
        Assert.Equal(["console=ttyS0", "ip=dhcp", "quiet", "note=two words", "ip=off"], line.Parameters);
        Assert.Equal("off", line.Value("ip"));
        Assert.Null(line.Value("quiet"));
        Assert.Null(line.Value("i"));
    }

    [Fact]
    public void Module_parameters_are_collected_per_module_with_dash_and_underscore_alike()
    {
        var line = new KernelCommandLine("virtio_net.napi_tx=1 virtio-net.csum=0 e1000.debug=2 a.b=c.d=e ip=1.2.3.4");
        Assert.Equal("napi_tx=1 csum=0", line.ModuleParameters("virtio_net"));
        Assert.Equal("napi_tx=1 csum=0", line.ModuleParameters("virtio-net"));
        Assert.Equal("debug=2", line.ModuleParameters("e1000"));
        Assert.Equal("", line.ModuleParameters("ip"));
    }
}
