using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;
using Aurae.Composer.KernelRequirements;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Composer.Tests.Configuration;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Images.Compression;
using Aurae.Testing.Kernels;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// Each release of Debian's generic kernel on the shelf (linux-image-amd64: about 4000 modules, every NIC driver) read, checked and
/// selected from; what it must give is checked against dpkg-deb's and kmod's view of the same package.
/// </summary>
public sealed class GenericKernelTests : IDisposable
{
    // QEMU's e1000: Intel 82540EM (8086:100e), subsystem 1af4:1100, class 02 (network) 00 (Ethernet).
    private const string QemuE1000Modalias = "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00";

    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private ModuleSelection Resolve(RealKernel kernel, string modules)
    {
        var config = directory.Load($"name: n1\nkernel:\n  deb: kernel.deb\n  modules: {modules}\npki: pki\noutputs: [pxe]\n").Kernel;
        return ModuleSelection.Resolve(ModuleCatalog.Of(kernel.Package), config.Modules, config.ModulesExclude, config.ModulesLoad, []);
    }

    /// <summary>Module paths under lib/modules/RELEASE/ as dpkg-deb lists the package.</summary>
    private static string[] PackagedModulePaths(RealKernel kernel)
    {
        var listing = Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(kernel.Path)} | tar -t").Output;
        var prefix = $"./lib/modules/{kernel.Package.Release}/";
        return listing.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith(".ko", StringComparison.Ordinal))
            .Select(line => line[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Generic), MemberType = typeof(KernelReleases))]
    public void Kernel_check_finds_every_requirement_built_in(string release)
    {
        var result = ComposeCli.Succeed("kernel", "check", KernelShelf.Default.Get(release).Path);

        var required = KernelConfigFragment.ForNode(CompressionFormat.Zstd).SelectMany(f => f.Requirements).ToList();
        foreach (var requirement in required)
            Assert.Contains($"ok      {requirement.Option}=y\n", result.Output);
        Assert.Contains($"{required.Count} of {required.Count} requirements met", result.Output);
        Assert.DoesNotContain("MISSING", result.Output);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Generic), MemberType = typeof(KernelReleases))]
    public void Every_module_file_of_the_package_is_read(string release)
    {
        var kernel = RealKernel.Release(release);
        Assert.Equal(kernel.Deb.Release, kernel.Package.Release); // as the control file names it
        Assert.Equal("amd64", kernel.Deb.Flavour);
        var paths = PackagedModulePaths(kernel);
        Assert.True(paths.Length > 3000, $"only {paths.Length} modules in the generic kernel package");
        Assert.Equal(paths, kernel.Package.Modules.Values.Select(m => m.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Generic), MemberType = typeof(KernelReleases))]
    public void The_baremetal_nics_set_is_every_ethernet_driver_and_its_closure_is_complete(string release)
    {
        var kernel = RealKernel.Release(release);
        var selection = Resolve(kernel, "['@baremetal-nics']");

        var ethernet = PackagedModulePaths(kernel).Where(p => p.StartsWith("kernel/drivers/net/ethernet/", StringComparison.Ordinal)).ToArray();
        var carriedPaths = selection.Carried.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        Assert.All(ethernet, path => Assert.Contains(path, carriedPaths));
        foreach (var driver in new[] { "e1000", "e1000e", "igb", "ixgbe", "r8169", "tg3", "bnxt_en", "mlx5_core" })
            Assert.Contains(selection.Carried, m => m.Name == driver);
        // Closed: whatever a carried module depends on is carried too, or built into the kernel.
        var carried = selection.Carried.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(selection.Carried, module => Assert.All(module.Depends,
            dependency => Assert.True(carried.Contains(dependency) || kernel.Package.BuiltinModules.Contains(dependency),
                $"{module.Name} needs {dependency}, which is neither carried nor built in")));
        Assert.Empty(selection.Load); // a set is coldplugged, not forced
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Generic), MemberType = typeof(KernelReleases))]
    public void The_dependencies_and_aliases_of_mlx5_core_are_what_modinfo_reads_from_the_extracted_file(string release)
    {
        var kernel = RealKernel.Release(release);
        var module = kernel.Package.Modules["mlx5_core"];
        using var temp = new TempDirectory();
        Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(kernel.Path)} | tar -x -C {Shell.Quote(temp.Path)} " +
            Shell.Quote($"./lib/modules/{kernel.Package.Release}/{module.Path}"));
        var file = Path.Combine(temp.Path, "lib", "modules", kernel.Package.Release, module.Path);

        var depends = Shell.Succeed($"/usr/sbin/modinfo -F depends {Shell.Quote(file)}").Output.Trim();
        var aliases = Shell.Succeed($"/usr/sbin/modinfo -F alias {Shell.Quote(file)}").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(module.Depends);
        // modinfo prints names as written ("pci-hyperv-intf"); the kernel and the composer use '_'.
        Assert.Equal(depends.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Replace('-', '_')).Order(StringComparer.Ordinal),
            module.Depends.Order(StringComparer.Ordinal));
        Assert.Equal(aliases, module.Aliases);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Generic), MemberType = typeof(KernelReleases))]
    public void QEMUs_e1000_modalias_selects_the_e1000_driver_alone(string release)
    {
        var kernel = RealKernel.Release(release);
        var selection = Resolve(kernel, $"['{QemuE1000Modalias}']");

        Assert.Equal(["e1000"], selection.Carried.Select(m => m.Name));
    }
}
