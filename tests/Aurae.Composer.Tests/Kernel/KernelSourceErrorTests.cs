using Aurae.Composer.Kernel;
using Aurae.Composer.Tests.Build;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// Kernel directories and tarballs that are incomplete, corrupt or of another release: each error
/// names the file and what was looked for. The kernel image is the real one.
/// </summary>
[Collection(UnpackedKernelCollection.Name)]
public sealed class KernelSourceErrorTests(UnpackedKernel kernel) : IDisposable
{
    private string Release => kernel.Release;
    private const string OtherRelease = "6.9.9-other-amd64";

    private readonly string root = Directory.CreateTempSubdirectory("aurae-kernel-source-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_directory_without_a_kernel_image_says_what_was_looked_for()
    {
        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.Equal($"{root}: no kernel image: looked for 'vmlinuz-RELEASE' and 'vmlinuz'", error.Message);
    }

    [Fact]
    public void A_directory_without_a_configuration_says_what_was_looked_for()
    {
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{Release}"));

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.Equal($"{root}: no kernel configuration: looked for 'config-{Release}', 'config', '.config'", error.Message);
    }

    [Fact]
    public void A_directory_with_modules_of_another_release_is_refused()
    {
        // A plain "vmlinuz": the release comes from its header.
        File.Copy(kernel.Vmlinuz, Put("vmlinuz"));
        File.Copy(kernel.Config, Put(".config"));
        File.WriteAllBytes(Put($"lib/modules/{OtherRelease}/kernel/a.ko"), SyntheticModule.Elf("a"));

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.Equal(
            $"{root}: no modules for kernel release '{Release}': looked for 'lib/modules/{Release}', 'usr/lib/modules/{Release}', " +
            $"'modules/{Release}', '{Release}'; found lib/modules/{OtherRelease}, of another release, which this kernel cannot load",
            error.Message);
    }

    [Fact]
    public void A_kernel_image_named_for_another_release_is_refused()
    {
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{OtherRelease}"));

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.Equal($"{root}: 'vmlinuz-{OtherRelease}' names release '{OtherRelease}', but its header says '{Release}'", error.Message);
    }

    [Fact]
    public void A_directory_with_two_kernels_is_refused()
    {
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{Release}"));
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{OtherRelease}"));

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.Equal($"{root}: several kernel images (vmlinuz-{Release}, vmlinuz-{OtherRelease}); give a directory holding one kernel", error.Message);
    }

    [Theory]
    [InlineData("lib/modules/RELEASE")]
    [InlineData("usr/lib/modules/RELEASE")]
    [InlineData("modules/RELEASE")]
    [InlineData("RELEASE")]
    public void Modules_may_be_in_any_of_the_documented_places(string modulesPlace)
    {
        var modulesDirectory = modulesPlace.Replace("RELEASE", Release, StringComparison.Ordinal);
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{Release}"));
        File.Copy(kernel.Config, Put("config"));
        File.WriteAllBytes(Put($"{modulesDirectory}/kernel/drivers/a-b.ko"), SyntheticModule.Elf("a_b"));
        File.WriteAllText(Put($"{modulesDirectory}/modules.builtin"), "kernel/fs/ext4/ext4.ko.xz\n");

        var package = KernelPackage.FromDirectory(root);

        Assert.Equal(Release, package.Release);
        Assert.Equal("kernel/drivers/a-b.ko", Assert.Single(package.Modules.Values).Path);
        Assert.Equal(["ext4"], package.BuiltinModules);
        Assert.Equal(File.ReadAllText(kernel.Config), package.Config);
    }

    [Theory]
    [InlineData(".xz")]
    [InlineData(".zst")]
    [InlineData(".gz")]
    public void A_corrupt_compressed_module_in_a_directory_names_its_file(string suffix)
    {
        File.Copy(kernel.Vmlinuz, Put($"vmlinuz-{Release}"));
        File.Copy(kernel.Config, Put($"config-{Release}"));
        File.WriteAllText(Put($"lib/modules/{Release}/kernel/bad.ko{suffix}"), "not compressed at all");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromDirectory(root));

        Assert.StartsWith($"{root}: lib/modules/{Release}/kernel/bad.ko{suffix}: cannot decompress", error.Message);
    }

    [Fact]
    public void A_tarball_of_another_release_is_refused()
    {
        File.WriteAllBytes(Put($"tree/lib/modules/{OtherRelease}/kernel/a.ko"), SyntheticModule.Elf("a"));
        var tarball = Tar("modules.tar.gz", "-z", "lib");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Vmlinuz, tarball, kernel.Config));

        Assert.Equal(
            $"{tarball}: the modules are for kernel release '{OtherRelease}', but the kernel image '{kernel.Vmlinuz}' is release " +
            $"'{Release}'; a kernel cannot load another release's modules",
            error.Message);
    }

    [Fact]
    public void A_corrupt_compressed_module_in_a_tarball_names_its_file()
    {
        File.WriteAllBytes(Put($"tree/lib/modules/{Release}/kernel/a.ko"), SyntheticModule.Elf("a"));
        File.WriteAllText(Put($"tree/lib/modules/{Release}/kernel/bad.ko.zst"), "not zstd");
        var tarball = Tar("modules.tar", "", "lib");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Vmlinuz, tarball, kernel.Config));

        Assert.StartsWith($"{tarball}: lib/modules/{Release}/kernel/bad.ko.zst: cannot decompress", error.Message);
    }

    [Fact]
    public void A_tarball_with_two_releases_is_refused()
    {
        File.WriteAllBytes(Put($"tree/lib/modules/{Release}/kernel/a.ko"), SyntheticModule.Elf("a"));
        File.WriteAllBytes(Put($"tree/lib/modules/{OtherRelease}/kernel/b.ko"), SyntheticModule.Elf("b"));
        var tarball = Tar("modules.tar", "", $"lib/modules/{Release}", $"lib/modules/{OtherRelease}");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Vmlinuz, tarball, kernel.Config));

        Assert.Equal(
            $"{tarball}: files of two kernel releases (or top directories): 'lib/modules/{Release}/kernel/a.ko' and " +
            $"'lib/modules/{OtherRelease}/kernel/b.ko'; expected one lib/modules/RELEASE/",
            error.Message);
    }

    [Fact]
    public void A_truncated_tarball_is_reported_as_such()
    {
        var truncated = Put("modules.tar.zst");
        using (var source = File.OpenRead(kernel.TarZst))
        using (var target = File.Create(truncated))
        {
            var half = new byte[source.Length / 2];
            source.ReadExactly(half);
            target.Write(half);
        }

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Vmlinuz, truncated, kernel.Config));

        Assert.StartsWith($"{truncated}: ", error.Message);
        Assert.Contains("the tarball is corrupt or truncated", error.Message);
    }

    [Fact]
    public void A_tarball_with_an_unknown_suffix_is_refused()
    {
        var zip = Put("modules.zip");
        File.WriteAllText(zip, "x");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Vmlinuz, zip, kernel.Config));

        Assert.Equal($"{zip}: not a modules tarball name: expected .tar, .tar.gz, .tar.xz, .tar.zst or .tar.bz2", error.Message);
    }

    [Fact]
    public void A_kernel_image_that_is_not_a_bzImage_is_refused()
    {
        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(kernel.Config, kernel.TarZst, kernel.Config));

        Assert.StartsWith($"{kernel.Config}: not a kernel image (x86 bzImage): Not a bzImage", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(root, "no-vmlinuz");

        var error = Assert.Throws<KernelSourceException>(() => KernelPackage.FromFiles(missing, kernel.TarZst, kernel.Config));

        Assert.StartsWith($"{missing}: cannot read '{missing}'", error.Message);
    }

    /// <summary>A file path under the test directory, its directories created.</summary>
    private string Put(string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Archives <paramref name="members"/> of tree/ with GNU tar.</summary>
    private string Tar(string name, string compressionFlag, params string[] members)
    {
        var tarball = Path.Combine(root, name);
        Shell.Succeed($"tar -C {Shell.Quote(Path.Combine(root, "tree"))} {compressionFlag} -cf {Shell.Quote(tarball)} {string.Join(' ', members.Select(Shell.Quote))}");
        return tarball;
    }
}
