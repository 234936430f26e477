using Aurae.Contract.Modules;
using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

public sealed class ModuleIndexTests
{
    [Fact]
    public void Reads_dependencies_aliases_softdeps_and_builtins_in_kmod_text_format()
    {
        using var tree = new ModuleTree();
        tree.WriteIndexFile(ModuleIndexFileNames.Dependencies,
            "kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
            "kernel/arch/x86/crypto/crc32c-intel.ko:",
            "kernel/lib/libcrc32c.ko:");
        tree.WriteIndexFile(ModuleIndexFileNames.Aliases,
            "# Aliases extracted from modules themselves.",
            "alias crc32c crc32c_intel",
            "alias cpu:type:x86,ven*fam*mod*:feature:*0094* crc32c_intel",
            "alias virtio:d00000001v* virtio_net",
            "alias acpi*:LNRO0005:* virtio_mmio");
        tree.WriteIndexFile(ModuleIndexFileNames.Softdeps,
            "# Soft dependencies extracted from modules themselves.",
            "softdep libcrc32c pre: crc32c",
            "softdep virtio_net post: virtio-rng");
        tree.WriteIndexFile(ModuleIndexFileNames.Builtin, "kernel/crypto/crc32c_generic.ko", "kernel/fs/binfmt_script.ko");

        var index = ModuleIndex.Load(tree.ModuleRoot);

        Assert.Empty(index.Problems);
        Assert.True(index.TryGetModule("virtio-net", out var virtioNet));
        Assert.Equal("kernel/drivers/net/virtio_net.ko", virtioNet.Path);
        Assert.Equal(["net_failover", "failover", "virtio", "virtio_ring"], virtioNet.Dependencies);
        Assert.True(index.TryGetModule("crc32c_intel", out var crc) && crc.Dependencies.Count == 0);
        Assert.Equal(["virtio_net"], index.ModulesForAlias("virtio:d00000001v00001AF4"));
        Assert.Empty(index.ModulesForAlias("virtio:d00000002v00001AF4"));
        Assert.Equal(["crc32c_intel"], index.ModulesForAlias("crc32c"));
        Assert.Equal(["crc32c_intel"], index.ModulesForAlias("cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0094"));
        // A pattern whose bus prefix has a wildcard still matches.
        Assert.Equal(["virtio_mmio"], index.ModulesForAlias("acpi:LNRO0005:"));
        Assert.Equal(["crc32c"], index.Softdep("libcrc32c")!.Pre);
        Assert.Equal(["virtio-rng"], index.Softdep("virtio_net")!.Post);
        Assert.Null(index.Softdep("virtio_ring"));
        Assert.True(index.IsBuiltin("crc32c_generic"));
        Assert.True(index.IsBuiltin("binfmt-script"));
        Assert.False(index.IsBuiltin("virtio_net"));
        Assert.Equal(4, index.AliasCount);
    }

    [Fact]
    public void Missing_files_make_an_empty_index_as_images_from_before_coldplug_have_none()
    {
        using var tree = new ModuleTree();
        var index = ModuleIndex.Load(tree.ModuleRoot);
        Assert.Empty(index.Modules);
        Assert.Empty(index.Builtin);
        Assert.Equal(0, index.AliasCount);
        Assert.Empty(index.Problems);
        Assert.Empty(ModuleIndex.Load(Path.Combine(tree.Root, "no", "such", "release")).Modules);
    }

    [Fact]
    public void Lines_that_do_not_parse_are_skipped_and_named_by_file_and_line()
    {
        using var tree = new ModuleTree();
        tree.WriteIndexFile(ModuleIndexFileNames.Dependencies, "kernel/a.ko:", "no colon here", "kernel/a.ko: kernel/b.ko");
        tree.WriteIndexFile(ModuleIndexFileNames.Aliases, "alias pci:v* a", "alias only-two", "options a b=c");
        tree.WriteIndexFile(ModuleIndexFileNames.Softdeps, "softdep", "softdep a pre: b");

        var index = ModuleIndex.Load(tree.ModuleRoot);

        var dep = Path.Combine(tree.ModuleRoot, ModuleIndexFileNames.Dependencies);
        var alias = Path.Combine(tree.ModuleRoot, ModuleIndexFileNames.Aliases);
        var softdep = Path.Combine(tree.ModuleRoot, ModuleIndexFileNames.Softdeps);
        Assert.Equal(
        [
            $"{dep}:2: expected 'PATH: DEPENDENCIES'",
            $"{dep}:3: module 'a' is listed twice",
            $"{alias}:2: expected 'alias PATTERN MODULE'",
            $"{alias}:3: expected 'alias PATTERN MODULE'",
            $"{softdep}:1: expected 'softdep MODULE pre: ... post: ...'",
        ], index.Problems);
        Assert.True(index.TryGetModule("a", out var a) && a.Dependencies.Count == 0);
        Assert.Equal(["a"], index.ModulesForAlias("pci:v1"));
        Assert.Equal(["b"], index.Softdep("a")!.Pre);
    }

    /// <summary>As kmod reads them (modprobe -c): names before 'pre:' or 'post:' do not count, and are no problem.</summary>
    [Fact]
    public void Softdep_names_before_pre_or_post_are_ignored_as_kmod_ignores_them()
    {
        using var tree = new ModuleTree();
        tree.WriteIndexFile(ModuleIndexFileNames.Softdeps, "softdep a stray pre: b post: c", "softdep cifs aead2", "softdep cifs aes");

        var index = ModuleIndex.Load(tree.ModuleRoot);

        Assert.Empty(index.Problems);
        Assert.Equal(["b"], index.Softdep("a")!.Pre);
        Assert.Equal(["c"], index.Softdep("a")!.Post);
        Assert.Null(index.Softdep("cifs"));
    }
}
