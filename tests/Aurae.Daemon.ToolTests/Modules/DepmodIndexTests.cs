using Aurae.Manifest;
using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>The index read from files kmod's depmod wrote over modules of the real Debian kernel.</summary>
public sealed class DepmodIndexTests(DepmodSample sample) : IClassFixture<DepmodSample>
{
    [Fact]
    public void Every_module_depmod_indexed_is_read_with_its_dependencies()
    {
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);

        Assert.Empty(index.Problems);
        Assert.Equal(
            DepmodSample.Files.Select(KernelModuleName.FromPath).Order(StringComparer.Ordinal),
            index.Modules.Keys.Order(StringComparer.Ordinal));
        foreach (var file in DepmodSample.Files)
            Assert.Equal(file, index.Modules[KernelModuleName.FromPath(file)].Path);
        // From the modules' .modinfo depends= (virtio_net: virtio_ring,virtio,net_failover), closed over.
        Assert.Equal(["failover", "net_failover", "virtio", "virtio_ring"], index.Modules["virtio_net"].Dependencies.Order(StringComparer.Ordinal));
        Assert.Equal(["virtio_ring"], index.Modules["virtio"].Dependencies);
        Assert.Empty(index.Modules["failover"].Dependencies);
        Assert.True(index.IsBuiltin("crc32c_generic"));
    }

    [Fact]
    public void Aliases_from_depmod_match_the_modaliases_qemu_devices_have()
    {
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);

        Assert.Equal(["virtio_pci"], index.ModulesForAlias("pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00"));
        Assert.Equal(["virtio_net"], index.ModulesForAlias("virtio:d00000001v00001AF4"));
        Assert.Equal(["virtio_blk"], index.ModulesForAlias("virtio:d00000002v00001AF4"));
        Assert.Equal(["virtio_mmio"], index.ModulesForAlias("acpi:LNRO0005:"));
        Assert.Equal(["crc32c_intel"], index.ModulesForAlias("crypto-crc32c"));
        Assert.Empty(index.ModulesForAlias("pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00"));
        Assert.Equal(["crc32c"], index.Softdep("libcrc32c")!.Pre);
    }

    [Fact]
    public void Probing_loads_dependencies_deepest_first_and_softdeps_before_the_module()
    {
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);
        var loader = new RecordingModuleLoader(sample.Tree);
        var probe = new ModuleProbe(index, sample.Tree.ModuleRoot, sample.Tree.SysRoot, loader);

        Assert.Equal(5, probe.Probe("virtio_net"));
        Assert.Equal(2, probe.Probe("libcrc32c"));

        var order = loader.Names.ToList();
        Assert.Equal(["crc32c_intel", "failover", "libcrc32c", "net_failover", "virtio", "virtio_net", "virtio_ring"], order.Order(StringComparer.Ordinal));
        // Each module after everything modules.dep says it needs; the softdep pre: (crc32c, an alias
        // of crc32c_intel) before libcrc32c.
        foreach (var name in order)
            Assert.All(index.Modules[name].Dependencies, dependency => Assert.True(order.IndexOf(dependency) < order.IndexOf(name), $"{dependency} before {name}: {string.Join(' ', order)}"));
        Assert.Equal(["crc32c_intel", "libcrc32c"], order[^2..]);
        Assert.Equal(Path.Combine(sample.Tree.ModuleRoot, "kernel/drivers/net/virtio_net.ko"), loader.Calls.Single(c => c.Name == "virtio_net").Path);
        Assert.All(loader.Calls, c => Assert.True(File.Exists(c.Path), c.Path));
    }
}
