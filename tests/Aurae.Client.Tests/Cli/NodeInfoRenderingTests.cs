using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Cli.Commands;

namespace Aurae.Client.Tests.Cli;

public sealed class NodeInfoRenderingTests
{
    [Fact]
    public void Node_info_shows_the_daemons_memory_the_modules_and_the_devices_without_a_driver()
    {
        var response = new InfoResponse
        {
            Node = new NodeInfo { Hostname = "n1", KernelRelease = "9.9.9-test-amd64", DaemonPid = 1, LoadedModules = { "e1000", "virtio_blk" } },
            DaemonMemory = new DaemonMemory { RssBytes = 40 << 20, PeakRssBytes = 41 << 20 },
            UnboundDevices = { new DeviceWithoutDriver { SysPath = "/sys/devices/platform/x", Modalias = "platform:x" } },
        };

        var text = NodeCommands.RenderInfo(response).ReplaceLineEndings("\n");

        Assert.Contains("daemon pid: 1 (init)\n", text);
        Assert.Contains("daemon rss: 40.0 MiB (peak 41.0 MiB)\n", text);
        Assert.Contains("modules:    e1000 virtio_blk\n", text);
        Assert.Contains("unbound:    /sys/devices/platform/x (platform:x)\n", text);
        Assert.Contains("privileged: no cells\n", text);
    }

    [Fact]
    public void Node_info_names_the_privileged_cells()
    {
        var text = NodeCommands.RenderInfo(new InfoResponse { PrivilegedCells = { "debug", "ops/kmsg" } }).ReplaceLineEndings("\n");
        Assert.Contains("privileged: debug ops/kmsg\n", text);
    }
}
