using System.Text;
using Aurae.Composer.Configuration;
using Aurae.Contract.Modules;
using Aurae.Composer.Initramfs;
using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Composer.Tests.Kernel;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Initramfs;

/// <summary>
/// The kmod index the composer writes for the carried modules of each real cloud kernel release, checked
/// against kmod itself: depmod(8) run on a tree of the same module files, and modprobe(8)
/// --show-depends reading that tree.
/// </summary>
public sealed class ModuleIndexTests
{
    private static readonly string[] Selectors =
    [
        "@virtio", "@storage", "@baremetal-nics", "kernel/fs/**", "kernel/crypto/**",
        "kernel/net/netfilter/xt_LOG.ko", "kernel/net/sched/act_mpls.ko", "kernel/drivers/infiniband/**",
    ];

    private static IReadOnlyList<KernelModule> Carried(RealKernel kernel)
    {
        var selectors = Selectors.Select((text, i) =>
        {
            Assert.Null(ModuleSelector.TryParse(text, new ConfigPosition("node.yaml", 1, 1, $"kernel.modules[{i}]"), out var selector));
            return selector!;
        }).ToArray();
        return ModuleSelection.Resolve(ModuleCatalog.Of(kernel.Package), selectors, [], null, []).Carried;
    }

    private static ModuleIndexContent Index(RealKernel kernel, IReadOnlyList<KernelModule> carried) =>
        ModuleIndexContent.Create(carried.Select(m => m.IndexEntry).ToList(), kernel.Package.BuiltinModules.Select(n => n + ".ko"));

    /// <summary>A lib/modules tree of <paramref name="carried"/> on which depmod has run; returns the module directory.</summary>
    private static string DepmodTree(RealKernel kernel, TempDirectory root, IReadOnlyList<KernelModule> carried)
    {
        var moduleDirectory = Path.Combine(root.Path, "lib", "modules", kernel.Package.Release);
        foreach (var module in carried)
        {
            var file = Path.Combine(moduleDirectory, module.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, module.Content.ToArray());
        }
        Shell.Succeed($"{KmodTool.Path("depmod")} -b {Shell.Quote(root.Path)} {Shell.Quote(kernel.Package.Release)}");
        return moduleDirectory;
    }

    private static Dictionary<string, string[]> ParseDep(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            line => line[..line.IndexOf(':')],
            line => line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Modules_dep_has_depmods_lines_and_orders_each_dependency_before_its_own(string release)
    {
        var kernel = RealKernel.Release(release);
        var carried = Carried(kernel);
        var index = Index(kernel, carried);
        using var root = new TempDirectory();
        var expected = ParseDep(File.ReadAllText(Path.Combine(DepmodTree(kernel, root, carried), "modules.dep")));
        var actual = ParseDep(index.Dep);

        Assert.True(carried.Count > 100, $"only {carried.Count} modules carried");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys);
        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), index.Dep.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':')]));
        Assert.Contains(actual.Values, deps => deps.Length >= 3);
        foreach (var (path, deps) in actual)
        {
            Assert.Equal(expected[path].Order(StringComparer.Ordinal), deps.Order(StringComparer.Ordinal));
            // kmod's order: a module before everything it needs, so loading in reverse works.
            for (var i = 0; i < deps.Length; i++)
                Assert.All(actual[deps[i]], needed => Assert.True(Array.IndexOf(deps, needed) > i, $"{path}: {needed} must come after {deps[i]}"));
        }
        Assert.EndsWith("\n", index.Dep);
        // virtio_net's line, for one, lists what it needs through net_failover as well.
        Assert.Contains("kernel/net/core/failover.ko", actual["kernel/drivers/net/virtio_net.ko"]);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Modules_alias_and_softdep_have_exactly_depmods_lines(string release)
    {
        var kernel = RealKernel.Release(release);
        var carried = Carried(kernel);
        var index = Index(kernel, carried);
        using var root = new TempDirectory();
        var directory = DepmodTree(kernel, root, carried);

        Assert.Equal(Lines(File.ReadAllText(Path.Combine(directory, "modules.alias"))), Lines(index.Alias));
        Assert.Equal(Lines(index.Alias), index.Alias.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // sorted, no comments
        Assert.Contains("alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci\n", index.Alias);
        var softdeps = Lines(File.ReadAllText(Path.Combine(directory, "modules.softdep")));
        Assert.NotEmpty(softdeps);
        Assert.Equal(softdeps, Lines(index.SoftDep));
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Modprobe_loads_in_the_reverse_of_the_modules_dep_order(string release)
    {
        var kernel = RealKernel.Release(release);
        var carried = Carried(kernel);
        var index = Index(kernel, carried);
        using var root = new TempDirectory();
        var directory = DepmodTree(kernel, root, carried);
        var deps = ParseDep(index.Dep);

        foreach (var name in new[] { "virtio_net", "mlx5_core", "xfs", "btrfs", "xt_LOG", "virtio_scsi" })
        {
            var module = carried.Single(m => m.Name == name);
            var shown = Shell.Succeed($"{KmodTool.Path("modprobe")} -d {Shell.Quote(root.Path)} -S {Shell.Quote(kernel.Package.Release)} --show-depends {name}")
                .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => line.StartsWith("insmod ", StringComparison.Ordinal))
                .Select(line => Path.GetRelativePath(directory, line["insmod ".Length..].Trim().Split(' ')[0]))
                .ToArray();
            var expected = ParseDep(File.ReadAllText(Path.Combine(directory, "modules.dep")));

            // modprobe loads exactly the module after what our line lists (softdeps aside), and
            // our line reversed is a load order kmod's own dependencies accept.
            var hard = shown.Where(p => expected[module.Path].Contains(p) || p == module.Path).ToArray();
            Assert.Equal(module.Path, hard[^1]);
            Assert.Equal(deps[module.Path].Order(StringComparer.Ordinal), hard[..^1].Order(StringComparer.Ordinal));
            var loadOrder = deps[module.Path].Reverse().Append(module.Path).ToList();
            foreach (var loaded in loadOrder)
                Assert.All(expected[loaded], needed => Assert.True(loadOrder.IndexOf(needed) < loadOrder.IndexOf(loaded), $"{needed} must load before {loaded}"));
        }
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void Modules_builtin_lists_the_kernels_built_in_modules(string release)
    {
        var kernel = RealKernel.Release(release);
        var index = Index(kernel, Carried(kernel));

        Assert.Equal(kernel.Package.BuiltinModules.Count, index.Builtin.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("ext4.ko\n", index.Builtin);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void The_index_is_the_same_for_the_same_modules_in_any_order(string release)
    {
        var kernel = RealKernel.Release(release);
        var carried = Carried(kernel);
        var first = Index(kernel, carried);
        var second = Index(kernel, carried.Reverse().ToArray());

        Assert.Equal(first.Files.Select(f => f.Name), second.Files.Select(f => f.Name));
        Assert.Equal(first.Files.Select(f => Convert.ToHexString(f.Content)), second.Files.Select(f => Convert.ToHexString(f.Content)));
    }

    [Fact]
    public void A_synthetic_chain_is_written_dependents_first()
    {
        KernelModule[] modules =
        [
            SyntheticModule.Module("a", "b,c"),
            SyntheticModule.Module("b", "c"),
            SyntheticModule.Module("c", "builtin_one"),
        ];
        var index = ModuleIndexContent.Create(modules.Select(m => m.IndexEntry).ToList(), ["kernel/fs/builtin_one.ko"]);

        Assert.Equal("kernel/test/a.ko: kernel/test/b.ko kernel/test/c.ko\nkernel/test/b.ko: kernel/test/c.ko\nkernel/test/c.ko:\n", index.Dep);
        Assert.Equal("", index.Alias);
        Assert.Equal("kernel/fs/builtin_one.ko\n", Encoding.UTF8.GetString(index.Files.Single(f => f.Name == "modules.builtin").Content));
    }

    /// <summary>The one writer and the one reader of the contract agree: what the composer writes, auraed reads back whole.</summary>
    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void What_the_composer_writes_the_daemon_reads_back(string release)
    {
        var kernel = RealKernel.Release(release);
        var carried = Carried(kernel);
        var written = Index(kernel, carried);
        using var root = new TempDirectory();
        foreach (var (name, content) in written.Files)
            File.WriteAllBytes(Path.Combine(root.Path, name), content);

        var read = ModuleIndex.Load(root.Path);

        Assert.Empty(read.Problems);
        Assert.Equal(carried.Select(m => m.Name).Order(StringComparer.Ordinal), read.Modules.Keys.Order(StringComparer.Ordinal));
        var virtioNet = read.Modules["virtio_net"];
        Assert.Equal("kernel/drivers/net/virtio_net.ko", virtioNet.Path);
        Assert.Contains("failover", virtioNet.Dependencies);
        Assert.Equal(carried.Sum(m => m.Aliases.Count), read.AliasCount);
        Assert.Contains("virtio_pci", read.ModulesForAlias("pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00"));
        Assert.Equal(kernel.Package.BuiltinModules.Count, read.Builtin.Count);
        Assert.Contains(carried, m => m.SoftDependencies.Pre.Count + m.SoftDependencies.Post.Count > 0 && read.Softdep(m.Name) is not null);
    }
}

/// <summary>kmod's tools (Debian package kmod); a missing tool fails the test with what to install.</summary>
internal static class KmodTool
{
    public static string Path(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"]);
        return directories.Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"'{name}' was not found on PATH, in /usr/sbin or /sbin: install Debian's kmod package.");
    }
}
