using Aurae.Api.Node.V0;
using Aurae.Daemon.Api;
using Aurae.Daemon.Init;
using Aurae.Daemon.Tests.Authorization;

namespace Aurae.Daemon.Tests.Modules;

public sealed class NodeInfoUnboundDevicesTests
{
    [Fact]
    public async Task Info_lists_the_loaded_modules_and_the_devices_without_a_driver_when_called()
    {
        using var tree = new ModuleTree();
        tree.AddDevice("pci0000:00/0000:00:03.0", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00");
        tree.AddDevice("pci0000:00/0000:00:05.0", "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00");
        tree.Bind("pci0000:00/0000:00:03.0", "virtio-pci");
        var service = new Aurae.Daemon.Api.NodeService(
            new NodeInfoProvider(new KernelCommandLine("console=ttyS0"), Task.FromResult<IReadOnlyList<string>>(["virtio_ring", "virtio", "virtio_pci"])),
            new ShutdownCoordinator(), PowerAction.Exit, tree.SysRoot);
        var context = new TestServerCallContext("/aurae.node.v0.NodeService/Info");

        var response = await service.Info(new InfoRequest(), context);

        Assert.Equal(["virtio_ring", "virtio", "virtio_pci"], response.Node.LoadedModules);
        var unbound = Assert.Single(response.UnboundDevices);
        Assert.Equal("/sys/devices/pci0000:00/0000:00:05.0", unbound.SysPath);
        Assert.Equal("pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00", unbound.Modalias);

        // Computed per call: a driver bound since shows at once.
        tree.Bind("pci0000:00/0000:00:05.0", "e1000");
        Assert.Empty((await service.Info(new InfoRequest(), context)).UnboundDevices);
    }
}
