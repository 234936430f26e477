using Aurae.Contract.Modules;
using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>The index read from files kmod's depmod wrote over modules of each real Debian cloud kernel release.</summary>
public sealed class DepmodIndexTests
{
    /// <summary>modules.dep as depmod wrote it: module name → the names of what it needs, in depmod's order.</summary>
    private static Dictionary<string, string[]> DepmodDependencies(DepmodSample sample) =>
        sample.Read("modules.dep").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            line => KernelModuleName.FromPath(line[..line.IndexOf(':')]),
            line => line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(KernelModuleName.FromPath).ToArray());

    [Theory]
    [MemberData(nameof(DepmodSample.Releases), MemberType = typeof(DepmodSample))]
    public void Every_module_depmod_indexed_is_read_with_its_dependencies(string release)
    {
        var sample = DepmodSample.Of(release);
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);

        Assert.Empty(index.Problems);
        Assert.Equal(
            DepmodSample.Files.Select(KernelModuleName.FromPath).Order(StringComparer.Ordinal),
            index.Modules.Keys.Order(StringComparer.Ordinal));
        foreach (var file in DepmodSample.Files)
            Assert.Equal(file, index.Modules[KernelModuleName.FromPath(file)].Path);
        // What depmod closed over the modules' .modinfo depends=, in its order (which moves between
        // releases: 6.1.0-57's virtio needs virtio_ring, earlier ones' nothing).
        var depmod = DepmodDependencies(sample);
        Assert.All(index.Modules.Values, module => Assert.Equal(depmod[module.Name], module.Dependencies));
        Assert.Contains("failover", index.Modules["virtio_net"].Dependencies); // through net_failover
        Assert.Empty(index.Modules["failover"].Dependencies);
        Assert.True(index.IsBuiltin("crc32c_generic"));
    }

    [Theory]
    [MemberData(nameof(DepmodSample.Releases), MemberType = typeof(DepmodSample))]
    public void Aliases_from_depmod_match_the_modaliases_qemu_devices_have(string release)
    {
        var sample = DepmodSample.Of(release);
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);

        Assert.Equal(["virtio_pci"], index.ModulesForAlias("pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00"));
        Assert.Equal(["virtio_net"], index.ModulesForAlias("virtio:d00000001v00001AF4"));
        Assert.Equal(["virtio_blk"], index.ModulesForAlias("virtio:d00000002v00001AF4"));
        Assert.Equal(["virtio_mmio"], index.ModulesForAlias("acpi:LNRO0005:"));
        Assert.Equal(["crc32c_intel"], index.ModulesForAlias("crypto-crc32c"));
        Assert.Empty(index.ModulesForAlias("pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00"));
        Assert.Equal(["crc32c"], index.Softdep("libcrc32c")!.Pre);
    }

    [Theory]
    [MemberData(nameof(DepmodSample.Releases), MemberType = typeof(DepmodSample))]
    public void Probing_loads_dependencies_deepest_first_and_softdeps_before_the_module(string release)
    {
        var sample = DepmodSample.Of(release);
        var index = ModuleIndex.Load(sample.Tree.ModuleRoot);
        var loader = new RecordingModuleLoader(sample.Tree);
        var probe = new ModuleProbe(index, sample.Tree.ModuleRoot, sample.Tree.SysRoot, loader);

        var depmod = DepmodDependencies(sample);
        Assert.Equal(1 + depmod["virtio_net"].Length, probe.Probe("virtio_net"));
        // libcrc32c, what it needs, and crc32c_intel for its softdep pre: crc32c.
        Assert.Equal(2 + depmod["libcrc32c"].Length, probe.Probe("libcrc32c"));

        var order = loader.Names.ToList();
        Assert.Equal(
            depmod["virtio_net"].Append("virtio_net").Concat(depmod["libcrc32c"]).Append("libcrc32c").Append("crc32c_intel").Order(StringComparer.Ordinal),
            order.Order(StringComparer.Ordinal));
        // Each module after everything modules.dep says it needs; the softdep pre: (crc32c, an alias
        // of crc32c_intel) before libcrc32c.
        foreach (var name in order)
            Assert.All(index.Modules[name].Dependencies, dependency => Assert.True(order.IndexOf(dependency) < order.IndexOf(name), $"{dependency} before {name}: {string.Join(' ', order)}"));
        Assert.Equal(["crc32c_intel", "libcrc32c"], order[^2..]);
        Assert.Equal(Path.Combine(sample.Tree.ModuleRoot, "kernel/drivers/net/virtio_net.ko"), loader.Calls.Single(c => c.Name == "virtio_net").Path);
        Assert.All(loader.Calls, c => Assert.True(File.Exists(c.Path), c.Path));
    }
}
