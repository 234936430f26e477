using Aurae.Composer.Kernel;
using Aurae.Images.Compression;
using Aurae.Testing.Deb;

namespace Aurae.Composer.Tests.Kernel;

public sealed class KernelModuleTests
{
    [Fact]
    public void Takes_name_dependencies_and_aliases_from_modinfo()
    {
        var elf = SyntheticModule.Elf("virtio_net", depends: "virtio_ring,virtio,net_failover", aliases: ["virtio:d00000001v*"]);

        var module = KernelModule.FromFile("kernel/drivers/net/virtio_net.ko", elf);

        Assert.Equal("virtio_net", module.Name);
        Assert.Equal("kernel/drivers/net/virtio_net.ko", module.Path);
        Assert.Equal(["virtio_ring", "virtio", "net_failover"], module.Depends);
        Assert.Equal(["virtio:d00000001v*"], module.Aliases);
        Assert.Empty(module.SoftDependencies.Pre);
        Assert.Equal(elf, module.Content.ToArray());
        Assert.Equal("GPL", module.ModInfo.GetFirst("license"));
    }

    [Fact]
    public void An_empty_depends_means_no_dependencies()
    {
        var module = KernelModule.FromFile("kernel/net/core/failover.ko", SyntheticModule.Elf("failover", depends: ""));

        Assert.Empty(module.Depends);
    }

    [Fact]
    public void Falls_back_to_the_normalized_file_name_without_a_name_entry()
    {
        var module = KernelModule.FromFile("kernel/drivers/hid/hid-generic.ko", SyntheticModule.Elf(["depends=hid-core"]));

        Assert.Equal("hid_generic", module.Name);
        Assert.Equal(["hid_core"], module.Depends);
    }

    [Theory]
    [InlineData("pre: crc32c", new[] { "crc32c" }, new string[0])]
    [InlineData("pre: a-b c post: d", new[] { "a_b", "c" }, new[] { "d" })]
    [InlineData("post: vfio_iommu_type1 vfio_iommu_spapr_tce", new string[0], new[] { "vfio_iommu_type1", "vfio_iommu_spapr_tce" })]
    [InlineData("aes", new string[0], new string[0])]
    public void Parses_soft_dependencies(string softdep, string[] pre, string[] post)
    {
        var dependencies = ModuleSoftDependencies.Parse([softdep]);

        Assert.Equal(pre, dependencies.Pre);
        Assert.Equal(post, dependencies.Post);
    }

    [Fact]
    public void Merges_several_softdep_entries()
    {
        var module = KernelModule.FromFile("kernel/fs/smb/cifs.ko",
            SyntheticModule.Elf(["name=cifs", "depends=", "softdep=ecb", "softdep=pre: hmac", "softdep=pre: md5 post: arc4"]));

        Assert.Equal(["hmac", "md5"], module.SoftDependencies.Pre);
        Assert.Equal(["arc4"], module.SoftDependencies.Post);
    }

    [Theory]
    [InlineData(CompressionFormat.Xz, ".ko.xz")]
    [InlineData(CompressionFormat.Zstd, ".ko.zst")]
    [InlineData(CompressionFormat.Gzip, ".ko.gz")]
    public void Decompresses_compressed_module_files(CompressionFormat compression, string suffix)
    {
        var elf = SyntheticModule.Elf("dm_crypt", depends: "dm_mod");
        var compressed = DebPackageBuilder.Compress(elf, compression);

        var module = KernelModule.FromFile("kernel/drivers/md/dm-crypt" + suffix, compressed);

        Assert.Equal("kernel/drivers/md/dm-crypt.ko", module.Path);
        Assert.Equal("dm_crypt", module.Name);
        Assert.Equal(["dm_mod"], module.Depends);
        Assert.Equal(elf, module.Content.ToArray());
    }

    [Fact]
    public void Reports_a_corrupt_compressed_module_by_path()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            KernelModule.FromFile("kernel/x.ko.gz", "definitely not gzip"u8.ToArray()));

        Assert.StartsWith("kernel/x.ko.gz: cannot decompress", error.Message);
    }

    [Fact]
    public void Reports_a_module_that_is_not_elf_by_path()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            KernelModule.FromFile("kernel/x.ko.zst", DebPackageBuilder.Compress("text"u8.ToArray(), CompressionFormat.Zstd)));

        Assert.Equal("kernel/x.ko.zst: not an ELF file (bad magic)", error.Message);
    }

    [Theory]
    [InlineData("kernel/a.ko", true)]
    [InlineData("kernel/a.ko.xz", true)]
    [InlineData("kernel/a.ko.zst", true)]
    [InlineData("kernel/a.ko.gz", true)]
    [InlineData("kernel/a.ko.bz2", false)]
    [InlineData("modules.order", false)]
    [InlineData("kernel/a.kobj", false)]
    public void Recognizes_module_file_names(string path, bool isModule) =>
        Assert.Equal(isModule, KernelModule.IsModuleFile(path));

    [Fact]
    public void Rejects_a_file_name_that_is_not_a_module()
    {
        var error = Assert.Throws<InvalidDataException>(() => KernelModule.FromFile("modules.order", "x"u8.ToArray()));

        Assert.Contains("modules.order: not a kernel module file name", error.Message);
    }
}
