using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>Carried and loaded modules from selectors, on a small synthetic kernel.</summary>
public sealed class ModuleSelectionTests
{
    private static readonly ModuleCatalog Kernel = new(
    [
        SyntheticModule.Module("failover"),
        SyntheticModule.Module("net_failover", "failover"),
        SyntheticModule.Module("virtio_ring"),
        SyntheticModule.Module("virtio", "virtio_ring"),
        SyntheticModule.Module("virtio_net", "virtio_ring,virtio,net_failover", aliases: ["virtio:d00000001v*"]),
        SyntheticModule.Module("virtio_pci_modern_dev"),
        SyntheticModule.Module("virtio_pci", "virtio_ring,virtio_pci_modern_dev,virtio", aliases: ["pci:v00001AF4d*sv*sd*bc*sc*i*"]),
        SyntheticModule.Module("virtio_mmio", "virtio_ring,virtio"),
        SyntheticModule.Module("crc32c_generic", aliases: ["crypto-crc32c"]),
        SyntheticModule.Module("libcrc32c", softdep: "pre: crc32c-generic"),
    ], new HashSet<string> { "ext4", "virtio_blk" });

    private static ModuleSelector[] Selectors(string field, params string[] texts) =>
        texts.Select((text, i) =>
        {
            Assert.Null(ModuleSelector.TryParse(text, new ConfigPosition("node.yaml", 4, 10 + i, $"kernel.{field}[{i}]"), out var selector));
            return selector!;
        }).ToArray();

    private static ModuleSelection Resolve(string[] modules, string[]? exclude = null, string[]? load = null,
        string[]? alwaysLoad = null, List<string>? warnings = null) =>
        ModuleSelection.Resolve(Kernel, Selectors("modules", modules), Selectors("modules_exclude", exclude ?? []),
            load is null ? null : Selectors("modules_load", load).Cast<NameModuleSelector>().ToArray(), alwaysLoad ?? [], warnings is null ? null : warnings.Add);

    private static string[] Names(IEnumerable<KernelModule> modules) => modules.Select(m => m.Name).ToArray();

    [Fact]
    public void Carries_the_closure_in_path_order_and_loads_the_plain_names_by_default()
    {
        var selection = Resolve(["virtio_net", "kernel/test/virtio_pci*.ko"]);

        Assert.Equal(["failover", "net_failover", "virtio", "virtio_net", "virtio_pci", "virtio_pci_modern_dev", "virtio_ring"], Names(selection.Carried));
        // Only virtio_net is named; virtio_pci came by glob, so coldplug loads it.
        Assert.Equal(["failover", "net_failover", "virtio_ring", "virtio", "virtio_net"], Names(selection.Load));
    }

    [Fact]
    public void Soft_pre_dependencies_are_carried_and_loaded_first()
    {
        var selection = Resolve(["libcrc32c"]);

        Assert.Equal(["crc32c_generic", "libcrc32c"], Names(selection.Carried));
        Assert.Equal(["crc32c_generic", "libcrc32c"], Names(selection.Load));
    }

    [Fact]
    public void An_excluded_soft_dependency_is_simply_not_carried()
    {
        var warnings = new List<string>();
        var selection = Resolve(["libcrc32c"], exclude: ["crc32c_generic"], warnings: warnings);

        Assert.Equal(["libcrc32c"], Names(selection.Carried));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Excluding_a_dependency_drops_its_dependents_with_a_warning()
    {
        var warnings = new List<string>();
        var selection = Resolve(["virtio_net", "virtio_pci"], exclude: ["failover"], warnings: warnings);

        Assert.Equal(["virtio", "virtio_pci", "virtio_pci_modern_dev", "virtio_ring"], Names(selection.Carried));
        Assert.Equal(["warning: kernel module 'virtio_net' is not carried: it depends on 'failover' (via net_failover), which kernel.modules_exclude removes"], warnings);
        Assert.Equal(["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci"], Names(selection.Load));
    }

    [Fact]
    public void Explicit_modules_load_replaces_the_default()
    {
        var selection = Resolve(["virtio_net", "virtio_pci"], load: ["virtio-pci"]);

        Assert.Contains("virtio_net", Names(selection.Carried));
        Assert.Equal(["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci"], Names(selection.Load));
    }

    [Fact]
    public void Built_in_modules_match_and_need_nothing()
    {
        var selection = Resolve(["virtio_blk", "ext4"], load: ["ext4"]);

        Assert.Empty(selection.Carried);
        Assert.Empty(selection.Load);
    }

    [Fact]
    public void What_the_outputs_need_is_carried_and_loaded_unless_excluded()
    {
        Assert.Equal(["virtio_ring", "virtio", "virtio_mmio"], Names(Resolve([], load: [], alwaysLoad: ["virtio_mmio"]).Load));
        Assert.Empty(Resolve([], exclude: ["virtio_mmio"], alwaysLoad: ["virtio_mmio"]).Carried);
        Assert.Empty(Resolve([], alwaysLoad: ["not_in_this_kernel"]).Carried);
    }

    [Fact]
    public void A_set_skips_members_the_kernel_lacks()
    {
        // @virtio names virtio_blk (built in here) and virtio_scsi (absent): neither is an error.
        var selection = Resolve(["@virtio"]);

        Assert.Equal(["failover", "net_failover", "virtio", "virtio_mmio", "virtio_net", "virtio_pci", "virtio_pci_modern_dev", "virtio_ring"],
            Names(selection.Carried));
        Assert.Empty(selection.Load); // a set is not a plain name
    }

    [Fact]
    public void A_set_matching_nothing_is_an_error()
    {
        var kernel = new ModuleCatalog([SyntheticModule.Module("foo")]);
        var error = Assert.Throws<ConfigFileException>(() =>
            ModuleSelection.Resolve(kernel, Selectors("modules", "@baremetal-nics"), [], null, []));

        Assert.Equal("node.yaml:4:10: field 'kernel.modules[0]': no module of set '@baremetal-nics' is in this kernel (the set holds kernel/drivers/net/ethernet/**)", error.Message);
    }

    public static TheoryData<string[], string[], string[]?, string, string> Errors => new()
    {
        { ["virtio_net", "virtio-nett"], [], null, "kernel.modules[1]",
            "unknown kernel module 'virtio_nett': the kernel has no such loadable or built-in module (did you mean virtio_net?)" },
        { ["pci:v00008086d*"], [], null, "kernel.modules[0]",
            "no kernel module has an alias matching 'pci:v00008086d*' (aliases are matched with fnmatch, e.g. pci:v00001AF4d00001000sv*sd*bc*sc*i*)" },
        { ["kernel/drivers/**"], [], null, "kernel.modules[0]",
            "no kernel module path matches 'kernel/drivers/**' (paths are relative to lib/modules/<release> and end in .ko, e.g. kernel/drivers/net/virtio_net.ko; '*' stays within a directory, '**' spans directories)" },
        { ["virtio_net"], ["virtio_nett"], null, "kernel.modules_exclude[0]",
            "unknown kernel module 'virtio_nett': the kernel has no such loadable or built-in module (did you mean virtio_net?)" },
        { ["virtio_net"], [], ["virtio_net", "virtio_pci"], "kernel.modules_load[1]",
            "module 'virtio_pci' is not carried; add it (or a selector matching it) to kernel.modules" },
        { ["virtio_net"], [], ["virtio-pcii"], "kernel.modules_load[0]",
            "unknown kernel module 'virtio_pcii': the kernel has no such loadable or built-in module (did you mean virtio_pci?)" },
        { ["virtio_net", "virtio_pci"], ["virtio_pci"], ["virtio_pci"], "kernel.modules_load[0]",
            "module 'virtio_pci' is not carried: kernel.modules_exclude removes it" },
        { ["virtio_net"], ["failover"], ["virtio_net"], "kernel.modules_load[0]",
            "module 'virtio_net' is not carried: it depends on 'failover' (via net_failover), which kernel.modules_exclude removes" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void An_unmatched_selector_is_reported_at_its_position(string[] modules, string[] exclude, string[]? load, string field, string problem)
    {
        var error = Assert.Throws<ConfigFileException>(() => Resolve(modules, exclude, load));

        var index = int.Parse(field[(field.IndexOf('[') + 1)..^1]);
        Assert.Equal(("node.yaml", 4, 10 + index, field, problem), (error.FilePath, error.Line, error.Column, error.Field, error.Problem));
    }

    [Fact]
    public void The_same_selectors_give_the_same_selection()
    {
        string[] modules = ["@virtio", "libcrc32c", "pci:v00001AF4d00001000sv*sd*bc*sc*i*"];
        var first = Resolve(modules);
        var second = Resolve(modules.Reverse().ToArray());

        Assert.Equal(Names(first.Carried), Names(second.Carried));
    }
}
