using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// The same real kernel read as a Debian package, as an installed directory and as a kernel image
/// with a modules tarball gives the same release, image, configuration and modules.
/// </summary>
[Collection(UnpackedKernelCollection.Name)]
public sealed class KernelSourcesTests(UnpackedKernel kernel)
{
    [Fact]
    public void The_tarballs_and_tree_hold_modules_compressed_by_the_real_tools()
    {
        // The fixture really is what the tests claim: xz with CRC32, zstd and gzip files, no plain twin.
        foreach (var (_, plainPath, _, suffix) in UnpackedKernel.Recompressed)
        {
            Assert.True(File.Exists(Path.Combine(kernel.ModulesDirectory, plainPath + suffix)), plainPath + suffix);
            Assert.False(File.Exists(Path.Combine(kernel.ModulesDirectory, plainPath)), plainPath);
        }
        var xz = Shell.Succeed($"xz --list --verbose {Shell.Quote(Path.Combine(kernel.ModulesDirectory, "kernel/drivers/net/virtio_net.ko.xz"))}");
        Assert.Contains("CRC32", xz.Output);
        var listing = Shell.Succeed($"tar -tzf {Shell.Quote(kernel.TarGz)}").Output;
        Assert.Contains($"./usr/lib/modules/{kernel.Release}/kernel/drivers/net/net_failover.ko.gz\n", listing);
    }

    [Fact]
    public void A_directory_reads_like_the_package()
    {
        var fromDirectory = KernelPackage.FromDirectory(kernel.Directory);

        Assert.Equal(kernel.Directory, fromDirectory.SourcePath);
        AssertSameKernel(kernel.Package.Package, fromDirectory);
    }

    [Theory]
    [InlineData("zst")]
    [InlineData("gz")]
    [InlineData("xz")]
    public void A_kernel_image_with_a_modules_tarball_reads_like_the_package(string compression)
    {
        var tarball = compression switch { "zst" => kernel.TarZst, "gz" => kernel.TarGz, _ => kernel.TarXz };

        var fromFiles = KernelPackage.FromFiles(kernel.Vmlinuz, tarball, kernel.Config);

        Assert.Equal(kernel.Vmlinuz, fromFiles.SourcePath);
        AssertSameKernel(kernel.Package.Package, fromFiles);
    }

    [Fact]
    public void Compressed_modules_become_plain_ko_files_with_the_uncompressed_content()
    {
        var fromDirectory = KernelPackage.FromDirectory(kernel.Directory);

        foreach (var (name, plainPath, _, _) in UnpackedKernel.Recompressed)
        {
            var module = fromDirectory.Modules[name];
            Assert.Equal(plainPath, module.Path);
            Assert.True(kernel.Package.Package.Modules[name].Content.Span.SequenceEqual(module.Content.Span), name);
        }
        Assert.Equal(["virtio_ring", "virtio", "net_failover"], fromDirectory.Modules["virtio_net"].Depends);
    }

    private static void AssertSameKernel(KernelPackage expected, KernelPackage actual)
    {
        Assert.Equal(expected.Release, actual.Release);
        Assert.True(expected.Vmlinuz.Span.SequenceEqual(actual.Vmlinuz.Span), "vmlinuz differs");
        Assert.Equal(expected.Config, actual.Config);
        Assert.Equal(expected.BuiltinModules.Order(), actual.BuiltinModules.Order());
        Assert.NotEmpty(actual.BuiltinModules);
        Assert.Equal(expected.Modules.Keys, actual.Modules.Keys);
        foreach (var (name, module) in expected.Modules)
        {
            var other = actual.Modules[name];
            Assert.Equal(module.Path, other.Path);
            Assert.True(module.Content.Span.SequenceEqual(other.Content.Span), $"{name}: content differs");
        }
    }
}
