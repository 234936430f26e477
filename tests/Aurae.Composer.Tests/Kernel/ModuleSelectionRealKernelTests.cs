using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Configuration;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// Selectors from a real node.yaml resolved against the real Debian cloud kernel; what they must
/// match is checked against the package's files as dpkg-deb extracts them.
/// </summary>
[Collection(RealKernelPackageCollection.Name)]
public sealed class ModuleSelectionRealKernelTests(RealKernelPackage kernel) : IDisposable
{
    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private KernelConfig Load(string kernelLines) =>
        directory.Load($"name: n1\nkernel:\n  deb: kernel.deb\n{kernelLines}pki: pki\noutputs: [pxe]\n").Kernel;

    private ModuleSelection Resolve(string kernelLines, List<string>? warnings = null)
    {
        var config = Load(kernelLines);
        return ModuleSelection.Resolve(ModuleCatalog.Of(kernel.Package), config.Modules, config.ModulesExclude, config.ModulesLoad, [], warnings is null ? null : warnings.Add);
    }

    private static string[] Names(IEnumerable<KernelModule> modules) => modules.Select(m => m.Name).ToArray();

    [Fact]
    public void By_name_carries_the_module_and_its_dependencies()
    {
        var selection = Resolve("  modules: [virtio-net]\n");

        Assert.Equal(["failover", "net_failover", "virtio", "virtio_net", "virtio_ring"], Names(selection.Carried).Order());
        Assert.Equal(["failover", "net_failover", "virtio_ring", "virtio", "virtio_net"], Names(selection.Load));
    }

    [Fact]
    public void By_alias_a_device_modalias_selects_the_driver_whose_alias_pattern_covers_it()
    {
        // A virtio-net PCI device (1af4:1000): virtio_pci's alias pci:v00001AF4d*sv*sd*bc*sc*i* covers it.
        var concrete = Resolve("  modules: ['pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00']\n");
        var pattern = Resolve("  modules: ['pci:v00001AF4d00001000sv*sd*bc*sc*i*']\n");

        Assert.Contains("virtio_pci", Names(concrete.Carried));
        Assert.Equal(Names(concrete.Carried), Names(pattern.Carried));
        Assert.Empty(concrete.Load); // not a plain name: coldplug loads it
    }

    [Fact]
    public void By_glob_double_star_spans_directories_and_single_star_does_not()
    {
        var intel = Resolve("  modules: ['kernel/drivers/net/ethernet/intel/**']\n");
        var mellanox = Resolve("  modules: ['kernel/drivers/net/ethernet/mellanox/*/*.ko']\n");

        Assert.Contains("ixgbevf", Names(intel.Carried));
        Assert.All(intel.Carried.Where(m => m.Name != "ixgbevf"), m => Assert.DoesNotContain("/ethernet/", m.Path));
        // mlx5_core lives one directory deeper (mlx5/core/), out of reach of '*'.
        Assert.Contains("mlx4_core", Names(mellanox.Carried));
        Assert.Contains("mlxfw", Names(mellanox.Carried));
        Assert.DoesNotContain("mlx5_core", Names(mellanox.Carried));
    }

    [Fact]
    public void The_baremetal_nics_set_carries_every_ethernet_driver_of_the_package()
    {
        // Independent list: the module files dpkg-deb extracts under kernel/drivers/net/ethernet.
        var listed = Shell.Succeed(
            $"dpkg-deb --fsys-tarfile {Shell.Quote(kernel.Path)} | tar -t | grep -E '/kernel/drivers/net/ethernet/.*\\.ko(\\.[a-z]+)?$' | sed -E 's#.*/##; s#\\.ko.*##; s#-#_#g' | sort")
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var selection = Resolve("  modules: ['@baremetal-nics']\n");

        Assert.NotEmpty(listed);
        Assert.Equal(listed, Names(selection.Carried.Where(m => m.Path.StartsWith("kernel/drivers/net/ethernet/", StringComparison.Ordinal))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_virtio_and_storage_sets_carry_their_members_the_kernel_has()
    {
        var selection = Resolve("  modules: ['@virtio', '@storage']\n");
        var carried = Names(selection.Carried);

        string[] expected = ["virtio_pci", "virtio_mmio", "virtio_net", "virtio_blk", "virtio_scsi", "virtio_console", "vmw_vsock_virtio_transport", "sd_mod", "ata_piix"];
        Assert.Equal([], expected.Except(carried));
        // Members this cloud kernel lacks (ahci, usb_storage) are skipped, not errors; nvme is built in.
        Assert.DoesNotContain("ahci", carried);
        Assert.DoesNotContain("nvme", carried);
        Assert.Contains("nvme", kernel.Package.BuiltinModules);
    }

    [Fact]
    public void Exclude_removes_a_selected_module_and_excluding_a_dependency_drops_its_dependents()
    {
        var warnings = new List<string>();
        var selection = Resolve("  modules: ['@virtio']\n  modules_exclude: [virtio_balloon, failover]\n", warnings);

        Assert.DoesNotContain("virtio_balloon", Names(selection.Carried));
        Assert.DoesNotContain("virtio_net", Names(selection.Carried));
        Assert.Contains("virtio_pci", Names(selection.Carried));
        Assert.Equal(["warning: kernel module 'virtio_net' is not carried: it depends on 'failover' (via net_failover), which kernel.modules_exclude removes"], warnings);
    }

    [Fact]
    public void Modules_load_defaults_to_the_plain_names_and_may_be_given()
    {
        var byDefault = Resolve("  modules: [virtio_pci, '@storage']\n");
        var given = Resolve("  modules: [virtio_pci, '@storage']\n  modules_load: [virtio_blk]\n");

        Assert.Equal("virtio_pci", byDefault.Load[^1].Name);
        Assert.DoesNotContain("virtio_blk", Names(byDefault.Load));
        Assert.Equal("virtio_blk", given.Load[^1].Name);
        Assert.DoesNotContain("virtio_pci", Names(given.Load));
    }

    [Fact]
    public void Modules_load_naming_an_uncarried_module_is_an_error_at_its_position()
    {
        var error = Assert.Throws<ConfigFileException>(() => Resolve("  modules: [virtio_pci]\n  modules_load:\n    - virtio_pci\n    - virtio_net\n"));

        Assert.Equal($"{directory.NodeYaml}:7:7: field 'kernel.modules_load[1]': module 'virtio_net' is not carried; add it (or a selector matching it) to kernel.modules", error.Message);
    }

    [Fact]
    public void An_unmatched_selector_is_an_error_at_its_position_with_a_suggestion()
    {
        var name = Assert.Throws<ConfigFileException>(() => Resolve("  modules:\n    - virtio_pci\n    - virtio_nett\n"));
        var glob = Assert.Throws<ConfigFileException>(() => Resolve("  modules: [virtio_pci, 'kernel/drivers/net/ethernet/*.ko']\n"));

        Assert.Equal((6, 7, "kernel.modules[1]"), (name.Line, name.Column, name.Field));
        Assert.Contains("unknown kernel module 'virtio_nett'", name.Problem);
        Assert.Contains("did you mean virtio_net", name.Problem);
        Assert.Equal((4, 25, "kernel.modules[1]"), (glob.Line, glob.Column, glob.Field));
        Assert.StartsWith("no kernel module path matches 'kernel/drivers/net/ethernet/*.ko'", glob.Problem);
    }

    [Fact]
    public void Resolution_is_deterministic()
    {
        const string lines = "  modules: ['@virtio', '@storage', '@baremetal-nics', 'kernel/fs/**']\n  modules_exclude: [sr_mod]\n";
        var first = Resolve(lines);
        var second = Resolve(lines);

        Assert.Equal(first.Carried.Select(m => m.Path), second.Carried.Select(m => m.Path));
        Assert.Equal(first.Carried.Select(m => m.Path).Order(StringComparer.Ordinal), first.Carried.Select(m => m.Path));
        Assert.Equal(Names(first.Load), Names(second.Load));
    }
}
