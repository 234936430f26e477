using Aurae.Composer.KernelRequirements;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Composer.Tests.Fixtures;
using Aurae.Images.Compression;
using Aurae.Testing.Kernels;

namespace Aurae.Composer.Tests.KernelRequirements;

/// <summary>`aurae-compose kernel check` on Debian 12's real cloud kernel, its files, and bad inputs.</summary>
[Collection(RealKernelPackageCollection.Name)]
public sealed class KernelCheckCommandTests(RealKernelPackage kernel) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Unpacks /boot from the .deb with dpkg-deb, independently of the composer's own reader.</summary>
    private string ExtractBoot()
    {
        Shell.Succeed($"dpkg-deb --fsys-tarfile {Shell.Quote(kernel.Path)} | tar -x -C {Shell.Quote(_temp.Path)} ./boot");
        return Path.Combine(_temp.Path, "boot");
    }

    private static void AssertEveryRequiredOptionOk(CliResult result)
    {
        // By default what `build` checks for the default zstd initramfs: required.config and initramfs-zstd.config.
        var required = KernelConfigFragment.ForNode(CompressionFormat.Zstd).SelectMany(f => f.Requirements).ToList();
        foreach (var requirement in required)
            Assert.Contains($"ok      {requirement.Option}=y\n", result.Output);
        Assert.Contains("ok      CONFIG_RD_ZSTD=y\n", result.Output);
        Assert.DoesNotContain("MISSING", result.Output);
        Assert.Contains($"{required.Count} of {required.Count} requirements met", result.Output);
    }

    [Theory]
    [MemberData(nameof(KernelReleases.Cloud), MemberType = typeof(KernelReleases))]
    public void TheRealCloudKernelPackageMeetsEveryRequirement(string release)
    {
        var result = ComposeCli.Succeed("kernel", "check", KernelShelf.Default.Get(release).Path);
        AssertEveryRequiredOptionOk(result);
        Assert.Contains("against required.config", result.Output);
    }

    [Fact]
    public void TheConfigFileFromThePackageMeetsEveryRequirement()
    {
        var config = Directory.GetFiles(ExtractBoot(), "config-*").Single();
        AssertEveryRequiredOptionOk(ComposeCli.Succeed("kernel", "check", config));
    }

    [Fact]
    public void ABootDirectoryIsSearchedForItsConfig()
    {
        var boot = ExtractBoot();
        var result = ComposeCli.Succeed("kernel", "check", boot);
        AssertEveryRequiredOptionOk(result);
        Assert.Contains($"checking {Directory.GetFiles(boot, "config-*").Single()} against", result.Output);
    }

    [Fact]
    public void ADirectoryWithADotConfigIsChecked()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_temp.Path, "linux")).FullName;
        File.WriteAllText(Path.Combine(tree, ".config"), kernel.Package.Config);
        AssertEveryRequiredOptionOk(ComposeCli.Succeed("kernel", "check", tree));
    }

    [Fact]
    public void TheCloudBzImageHasNoEmbeddedConfigAndSaysSo()
    {
        // Debian's cloud kernel is built with "# CONFIG_IKCONFIG is not set": its bzImage carries no config.
        Assert.Equal(KernelConfigValueKind.NotSet, KernelBuildConfig.Parse(kernel.Package.Config, "deb")["CONFIG_IKCONFIG"].Kind);
        var vmlinuz = Directory.GetFiles(ExtractBoot(), "vmlinuz-*").Single();

        var result = ComposeCli.Fail("kernel", "check", vmlinuz);

        Assert.Equal($"aurae-compose: error: {vmlinuz}: this kernel was built without CONFIG_IKCONFIG; give its config file\n", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void AVmlinuxWithAnEmbeddedConfigIsChecked()
    {
        var vmlinux = _temp.File("vmlinux", EmbeddedKernelConfigTests.Vmlinux(EmbeddedKernelConfigTests.Gzip(kernel.Package.Config), true));
        AssertEveryRequiredOptionOk(ComposeCli.Succeed("kernel", "check", vmlinux));
    }

    [Fact]
    public void MissingControllersFailWithTheirReasons()
    {
        var trimmed = string.Join('\n', kernel.Package.Config.Split('\n')
            .Where(line => !line.StartsWith("CONFIG_MEMCG=", StringComparison.Ordinal)
                           && !line.StartsWith("CONFIG_CGROUP_PIDS=", StringComparison.Ordinal)));
        var config = _temp.File("config-trimmed", System.Text.Encoding.UTF8.GetBytes(trimmed));
        var required = KernelConfigFragment.ForNode(CompressionFormat.Zstd).SelectMany(f => f.Requirements).ToDictionary(r => r.Option, r => r.Reason);

        var result = ComposeCli.Fail("kernel", "check", config);

        Assert.Contains($"MISSING CONFIG_MEMCG ({required["CONFIG_MEMCG"]})\n", result.Output);
        Assert.Contains($"MISSING CONFIG_CGROUP_PIDS ({required["CONFIG_CGROUP_PIDS"]})\n", result.Output);
        Assert.Contains("cgroup v2 memory controller", result.Output);
        Assert.Contains("ok      CONFIG_CPUSETS=y\n", result.Output);
        Assert.Contains($"{required.Count - 2} of {required.Count} requirements met; not met: CONFIG_MEMCG, CONFIG_CGROUP_PIDS", result.Output);
        Assert.Equal(2, result.Output.Split('\n').Count(line => line.StartsWith("MISSING", StringComparison.Ordinal)));
    }

    [Fact]
    public void AKernelWithoutZstdDecompressionPassesOnlyForAGzipOrUncompressedInitramfs()
    {
        var config = _temp.File("config-no-zstd", System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            kernel.Package.Config.Split('\n').Where(line => !line.StartsWith("CONFIG_RD_ZSTD=", StringComparison.Ordinal)))));

        var zstd = ComposeCli.Fail("kernel", "check", config);
        var gzip = ComposeCli.Succeed("kernel", "check", "--initramfs-compression", "gzip", config);
        var none = ComposeCli.Succeed("kernel", "check", "--initramfs-compression", "none", config);
        var unknown = ComposeCli.Run("kernel", "check", "--initramfs-compression", "lz4", config);

        Assert.Contains("MISSING CONFIG_RD_ZSTD (", zstd.Output);
        Assert.Contains("against initramfs-zstd.config", zstd.Output);
        Assert.Contains("ok      CONFIG_RD_GZIP=y\n", gzip.Output);
        Assert.DoesNotContain("CONFIG_RD_", none.Output);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("lz4", unknown.Error);
    }

    [Fact]
    public void ACustomFragmentIsCheckedInsteadOfTheRequiredOne()
    {
        var fragment = _temp.File("mine.config", System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            "# Our nodes need the ext4 file system.",
            "CONFIG_EXT4_FS=y",
            "# Our nodes boot with IKCONFIG for auditing.",
            "CONFIG_IKCONFIG=y",
            "# A virtio network card.",
            "# module: virtio_net",
            "CONFIG_VIRTIO_NET=m",
            "")));

        var result = ComposeCli.Fail("kernel", "check", "--fragment", fragment, kernel.Path);

        Assert.Contains($"against {fragment}\n", result.Output);
        Assert.DoesNotContain("CONFIG_MEMCG", result.Output);
        Assert.Contains("MISSING CONFIG_IKCONFIG (Our nodes boot with IKCONFIG for auditing.)\n", result.Output);
        Assert.Contains("module  CONFIG_VIRTIO_NET=m (module virtio_net must be in the image)\n", result.Output);
        Assert.Contains("ok      CONFIG_EXT4_FS=y\n", result.Output);
        Assert.Contains("2 of 3 requirements met; not met: CONFIG_IKCONFIG\n", result.Output);
    }

    [Fact]
    public void SeveralFragmentsAreAllChecked()
    {
        var result = ComposeCli.Fail("kernel", "check", "--fragment", "required", "--fragment", "recommended", kernel.Path);

        Assert.Contains("against required.config\n", result.Output);
        Assert.Contains("against recommended.config\n", result.Output);
        Assert.Contains("not met: CONFIG_IKCONFIG, CONFIG_IKCONFIG_PROC\n", result.Output);
    }

    [Fact]
    public void RecommendedModulesExistInTheRealPackage()
    {
        var modules = kernel.Package.Modules.Keys.Select(name => name.Replace('-', '_')).ToHashSet();
        var config = KernelBuildConfig.Parse(kernel.Package.Config, "deb");
        foreach (var requirement in KernelConfigFragment.BuiltIn("recommended").Requirements.Where(r => r.Module is not null))
        {
            Assert.Equal(KernelConfigValueKind.Module, config[requirement.Option].Kind);
            Assert.True(modules.Contains(requirement.Module!), $"{requirement.Option}: no module {requirement.Module} in the package");
        }
    }

    [Fact]
    public void MissingKernelIsAClearError()
    {
        var missing = Path.Combine(_temp.Path, "nope.deb");
        var result = ComposeCli.Fail("kernel", "check", missing);
        Assert.Equal($"aurae-compose: error: {missing}: no such file or directory\n", result.Error);
    }

    [Fact]
    public void MissingFragmentIsAClearError()
    {
        var missing = Path.Combine(_temp.Path, "nope.config");
        var result = ComposeCli.Fail("kernel", "check", "--fragment", missing, kernel.Path);
        Assert.StartsWith($"aurae-compose: error: {missing}: no such fragment file", result.Error);
    }

    [Fact]
    public void DirectoryWithoutAConfigIsAClearError()
    {
        var result = ComposeCli.Fail("kernel", "check", _temp.Path);
        Assert.Equal($"aurae-compose: error: {_temp.Path} holds no config-* or .config file\n", result.Error);
    }

    [Fact]
    public void BinaryThatIsNoKernelIsAClearError()
    {
        var junk = _temp.File("junk.bin", [1, 2, 0, 3, 4]);
        var result = ComposeCli.Fail("kernel", "check", junk);
        Assert.Equal($"aurae-compose: error: {junk} is not a kernel config file, a Debian kernel package, a bzImage or a vmlinux\n", result.Error);
    }

    [Fact]
    public void BadConfigLineNamesTheFileAndLine()
    {
        var config = _temp.File("config-bad", "CONFIG_A=y\n# comment\nCONFIG_B=perhaps\n"u8.ToArray());
        var result = ComposeCli.Fail("kernel", "check", config);
        Assert.Equal($"aurae-compose: error: {config}:3: 'perhaps' is not a valid value for CONFIG_B (expected y, m, n, a \"string\" or a number)\n", result.Error);
    }

    [Fact]
    public void BadFragmentLineNamesTheFileAndLine()
    {
        var fragment = _temp.File("bad.config", "# Why.\nCONFIG_A=y\nCONFIG_B=y\n"u8.ToArray());
        var result = ComposeCli.Fail("kernel", "check", "--fragment", fragment, kernel.Path);
        Assert.StartsWith($"aurae-compose: error: {fragment}:3: CONFIG_B has no reason", result.Error);
    }
}
