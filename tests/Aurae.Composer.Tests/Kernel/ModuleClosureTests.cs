using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Composer.Tests.Initramfs;

namespace Aurae.Composer.Tests.Kernel;

public sealed class ModuleClosureTests
{
    private static readonly KernelModule[] Network =
    [
        SyntheticModule.Module("failover"),
        SyntheticModule.Module("net_failover", "failover"),
        SyntheticModule.Module("virtio_ring"),
        SyntheticModule.Module("virtio", "virtio_ring"),
        SyntheticModule.Module("virtio_net", "virtio_ring,virtio,net_failover"),
        SyntheticModule.Module("virtio_pci_modern_dev"),
        SyntheticModule.Module("virtio_pci", "virtio_ring,virtio_pci_modern_dev,virtio"),
    ];

    [Fact]
    public void Puts_every_module_after_its_dependencies_visiting_them_by_name()
    {
        var order = Names(ModuleClosure.Resolve(Network, ["virtio_net"]));

        Assert.Equal(["failover", "net_failover", "virtio_ring", "virtio", "virtio_net"], order);
    }

    [Fact]
    public void Includes_shared_dependencies_once_in_request_order()
    {
        var order = Names(ModuleClosure.Resolve(Network, ["virtio_pci", "virtio_net", "virtio_pci"]));

        Assert.Equal(["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci", "failover", "net_failover", "virtio_net"], order);
    }

    [Fact]
    public void Accepts_dashes_in_requested_names()
    {
        Assert.Equal(["failover", "net_failover"], Names(ModuleClosure.Resolve(Network, ["net-failover"])));
    }

    [Fact]
    public void Loads_available_soft_pre_dependencies_first_and_ignores_the_rest()
    {
        KernelModule[] catalog =
        [
            SyntheticModule.Module("libcrc32c", softdep: "pre: crc32c absent_module post: zzz"),
            SyntheticModule.Module("crc32c_generic", aliases: ["crypto-crc32c", "crc32c"]),
            SyntheticModule.Module("zzz"),
        ];

        var order = Names(ModuleClosure.Resolve(catalog, ["libcrc32c"]));

        Assert.Equal(["crc32c_generic", "libcrc32c"], order);
    }

    [Fact]
    public void Ignores_a_soft_dependency_that_would_close_a_cycle()
    {
        KernelModule[] catalog =
        [
            SyntheticModule.Module("a", depends: "b"),
            SyntheticModule.Module("b", softdep: "pre: a"),
        ];

        Assert.Equal(["b", "a"], Names(ModuleClosure.Resolve(catalog, ["a"])));
    }

    [Fact]
    public void Reports_a_dependency_cycle()
    {
        KernelModule[] catalog =
        [
            SyntheticModule.Module("a", depends: "b"),
            SyntheticModule.Module("b", depends: "c"),
            SyntheticModule.Module("c", depends: "a"),
        ];

        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(catalog, ["a"]));

        Assert.Equal("Kernel module dependency cycle: a -> b -> c -> a", error.Message);
    }

    [Fact]
    public void Reports_a_missing_hard_dependency_with_the_chain_that_needs_it()
    {
        KernelModule[] catalog =
        [
            SyntheticModule.Module("top", depends: "middle"),
            SyntheticModule.Module("middle", depends: "gone"),
        ];

        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(catalog, ["top"]));

        Assert.Equal(
            "Kernel module 'middle' (kernel/test/middle.ko) depends on 'gone', which the kernel does not provide (needed via top -> middle)",
            error.Message);
    }

    [Fact]
    public void Reports_an_unknown_module_with_close_names()
    {
        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(Network, ["virtio-nett"]));

        Assert.Equal(
            "Unknown kernel module 'virtio_nett': the kernel has no such loadable or built-in module (did you mean virtio_net?)",
            error.Message);
    }

    [Fact]
    public void Suggests_modules_whose_names_contain_the_requested_one()
    {
        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(Network, ["pci_modern"]));

        Assert.EndsWith("(did you mean virtio_pci_modern_dev?)", error.Message);
    }

    [Fact]
    public void Suggests_the_module_that_has_the_requested_name_as_an_alias()
    {
        KernelModule[] catalog = [SyntheticModule.Module("crc32c_generic", aliases: ["crypto-crc32c"])];

        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(catalog, ["crypto-crc32c"]));

        Assert.Contains("did you mean crc32c_generic?", error.Message);
    }

    [Fact]
    public void Says_so_when_nothing_is_close()
    {
        var error = Assert.Throws<ModuleClosureException>(() => ModuleClosure.Resolve(Network, ["nvidia"]));

        Assert.EndsWith("(no module has a similar name)", error.Message);
    }

    [Fact]
    public void Leaves_out_built_in_modules()
    {
        KernelModule[] catalog = [SyntheticModule.Module("ext4_helper", depends: "ext4")];
        var builtin = new HashSet<string> { "ext4", "virtio_blk" };

        var order = Names(ModuleClosure.Resolve(catalog, ["virtio-blk", "ext4_helper"], builtin));

        Assert.Equal(["ext4_helper"], order);
    }

    [Fact]
    public void Rejects_a_catalog_with_two_modules_of_one_name()
    {
        KernelModule[] catalog = [SyntheticModule.Module("a"), SyntheticModule.Module("a")];

        Assert.Throws<ArgumentException>(() => ModuleClosure.Resolve(catalog, ["a"]));
    }

    private static string[] Names(IEnumerable<KernelModule> modules) => modules.Select(m => m.Name).ToArray();
}

/// <summary>Load orders from the real modinfo of each cloud kernel release on the shelf.</summary>
public sealed class RealModuleClosureTests
{
    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Orders_the_virtio_network_stack_after_what_modinfo_reads_each_module_to_need(string release)
    {
        var kernel = RealKernel.Release(release);
        var needs = ModinfoNeeds(kernel, ["virtio_net", "virtio_pci"]);

        var order = ModuleClosure.Resolve(kernel.Package, ["virtio_net", "virtio-pci"]).Select(m => m.Name).ToList();

        // What each release needs moves (6.1.0-57's virtio needs virtio_ring, earlier ones' does not):
        // the closure and the order follow modinfo(8), whatever it reads.
        Assert.Equal(needs.Keys.Order(StringComparer.Ordinal), order.Order(StringComparer.Ordinal));
        Assert.Contains("failover", order); // through net_failover: the closure is transitive
        Assert.All(order, module => Assert.All(needs[module],
            needed => Assert.True(order.IndexOf(needed) < order.IndexOf(module), $"{needed} must come before {module}: {string.Join(' ', order)}")));
        Assert.Equal("virtio_pci", order[^1]);
        Assert.True(order.IndexOf("virtio_net") < order.IndexOf("virtio_pci_modern_dev"), "requested modules keep their order");
    }

    /// <summary>
    /// The closure of <paramref name="requested"/> with what modinfo(8) reads each module to need:
    /// its depends, and the pre: soft dependencies that are modules of the package.
    /// </summary>
    private static Dictionary<string, string[]> ModinfoNeeds(RealKernel kernel, IEnumerable<string> requested)
    {
        using var temp = new TempDirectory();
        var needs = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pending = new Queue<string>(requested);
        while (pending.TryDequeue(out var name))
        {
            if (needs.ContainsKey(name))
                continue;
            var file = temp.File(name + ".ko", kernel.Package.Modules[name].Content.ToArray());
            string Field(string field) => Shell.Succeed($"{KmodTool.Path("modinfo")} -F {field} {Shell.Quote(file)}").Output;
            var depends = Field("depends").Trim().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var pre = Field("softdep").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "pre:").Skip(1).TakeWhile(w => !w.EndsWith(':')))
                .Select(n => n.Replace('-', '_'))
                .Where(kernel.Package.Modules.ContainsKey);
            needs[name] = depends.Select(n => n.Replace('-', '_')).Concat(pre).Distinct().ToArray();
            foreach (var needed in needs[name])
                pending.Enqueue(needed);
        }
        return needs;
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Resolves_every_module_of_the_cloud_kernel(string release)
    {
        var kernel = RealKernel.Release(release);
        var modules = kernel.Package.Modules;

        var order = ModuleClosure.Resolve(kernel.Package, modules.Keys);

        Assert.Equal(modules.Count, order.Count);
        var position = order.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i);
        Assert.All(order, m => Assert.All(m.Depends, d => Assert.True(position[d] < position[m.Name], $"{d} must precede {m.Name}")));
    }
}
