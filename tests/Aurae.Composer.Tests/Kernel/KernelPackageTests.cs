using Aurae.Composer.Kernel;
using Aurae.Images.Compression;
using Aurae.Images.Deb;
using Aurae.Testing.Deb;

namespace Aurae.Composer.Tests.Kernel;

public sealed class KernelPackageTests : IDisposable
{
    private const string Release = "6.1.0-test-amd64";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Collects_release_kernel_config_modules_and_builtins()
    {
        var failover = SyntheticModule.Elf("failover");
        var path = KernelDeb()
            .File($"lib/modules/{Release}/kernel/net/core/failover.ko", failover)
            .File($"lib/modules/{Release}/kernel/drivers/net/net_failover.ko.xz",
                DebPackageBuilder.Compress(SyntheticModule.Elf("net_failover", depends: "failover"), CompressionFormat.Xz))
            .File($"lib/modules/{Release}/modules.builtin", "kernel/fs/ext4/ext4.ko\nkernel/drivers/block/virtio_blk.ko\n")
            .File($"lib/modules/{Release}/modules.order", "kernel/net/core/failover.ko\n")
            .File("usr/share/bug/linux-image-9.9.9/control", "not a release")
            .WriteTo(_directory.Path);

        var kernel = KernelPackage.FromDeb(path);

        Assert.Equal(Release, kernel.Release);
        Assert.Equal("bzImage"u8.ToArray(), kernel.Vmlinuz.ToArray());
        Assert.Equal("CONFIG_VIRTIO_NET=m\n", kernel.Config);
        Assert.Equal(["failover", "net_failover"], kernel.Modules.Keys);
        Assert.Equal("kernel/drivers/net/net_failover.ko", kernel.Modules["net_failover"].Path);
        Assert.Equal(failover, kernel.Modules["failover"].Content.ToArray());
        Assert.Equal(["ext4", "virtio_blk"], kernel.BuiltinModules.Order());
        Assert.Equal(["kernel/drivers/block/virtio_blk.ko", "kernel/fs/ext4/ext4.ko"], kernel.BuiltinModulePaths);
        Assert.Equal(path, kernel.SourcePath);
    }

    [Fact]
    public void Reads_modules_from_a_merged_usr_layout()
    {
        var path = KernelDeb()
            .File($"usr/lib/modules/{Release}/kernel/a.ko", SyntheticModule.Elf("a"))
            .WriteTo(_directory.Path);

        Assert.Equal(["a"], KernelPackage.FromDeb(path).Modules.Keys);
    }

    [Fact]
    public void Reports_a_package_without_a_kernel_image()
    {
        var path = new DebPackageBuilder()
            .File($"lib/modules/{Release}/kernel/a.ko", SyntheticModule.Elf("a"))
            .WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => KernelPackage.FromDeb(path));

        Assert.Equal($"{path}: no kernel image: 'boot/vmlinuz-<release>' is missing", error.Message);
    }

    [Fact]
    public void Reports_several_kernel_releases()
    {
        var path = KernelDeb()
            .File("lib/modules/6.1.0-other/kernel/a.ko", SyntheticModule.Elf("a"))
            .WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => KernelPackage.FromDeb(path));

        Assert.Equal($"{path}: several kernel releases in one package: 6.1.0-other, {Release}", error.Message);
    }

    [Fact]
    public void Reports_a_missing_configuration()
    {
        var path = new DebPackageBuilder().File($"boot/vmlinuz-{Release}", "bzImage").WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => KernelPackage.FromDeb(path));

        Assert.Equal($"{path}: no kernel configuration: 'boot/config-{Release}' is missing", error.Message);
    }

    [Fact]
    public void Reports_two_files_for_one_module()
    {
        var path = KernelDeb()
            .File($"lib/modules/{Release}/kernel/a/hid-x.ko", SyntheticModule.Elf(["depends="]))
            .File($"lib/modules/{Release}/kernel/b/hid_x.ko", SyntheticModule.Elf(["depends="]))
            .WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => KernelPackage.FromDeb(path));

        Assert.Equal($"{path}: two files provide module 'hid_x': 'kernel/a/hid-x.ko' and 'kernel/b/hid_x.ko'", error.Message);
    }

    [Fact]
    public void Reports_a_broken_module_with_its_path_in_the_package()
    {
        var path = KernelDeb()
            .File($"lib/modules/{Release}/kernel/bad.ko", "garbage"u8.ToArray())
            .WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => KernelPackage.FromDeb(path));

        Assert.Equal($"{path}: lib/modules/{Release}/kernel/bad.ko: not an ELF file (bad magic)", error.Message);
    }

    private static DebPackageBuilder KernelDeb() => new DebPackageBuilder()
        .Directory("boot")
        .File($"boot/vmlinuz-{Release}", "bzImage")
        .File($"boot/config-{Release}", "CONFIG_VIRTIO_NET=m\n")
        .File($"boot/System.map-{Release}", "ffffffff81000000 T _text\n")
        .Directory($"lib/modules/{Release}");
}
