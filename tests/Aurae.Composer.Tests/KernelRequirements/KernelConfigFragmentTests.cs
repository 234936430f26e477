using Aurae.Composer.KernelRequirements;
using Aurae.Images.Compression;
using Aurae.Testing;

namespace Aurae.Composer.Tests.KernelRequirements;

public sealed class KernelConfigFragmentTests
{
    [Fact]
    public void KeepsEachOptionsReasonAndModule()
    {
        var fragment = KernelConfigFragment.Parse(string.Join('\n',
            "# Header comment, not a reason.",
            "",
            "# First line of the reason",
            "# and its second line.",
            "CONFIG_A=y",
            "",
            "# Must be off.",
            "# CONFIG_B is not set",
            "",
            "# A driver.",
            "# module: virtio-net",
            "CONFIG_C=m",
            "# Right after the previous option.",
            "CONFIG_D=\"x\""), "f.config");

        Assert.Equal("f.config", fragment.Name);
        Assert.Collection(fragment.Requirements,
            a =>
            {
                Assert.Equal("CONFIG_A", a.Option);
                Assert.Equal(KernelConfigValue.BuiltIn, a.Expected);
                Assert.Equal("First line of the reason and its second line.", a.Reason);
                Assert.Null(a.Module);
                Assert.Equal(5, a.LineNumber);
            },
            b =>
            {
                Assert.Equal(KernelConfigValueKind.NotSet, b.Expected.Kind);
                Assert.Equal("Must be off.", b.Reason);
            },
            c =>
            {
                Assert.Equal(KernelConfigValue.Module, c.Expected);
                Assert.Equal("virtio_net", c.Module);
                Assert.Equal("A driver.", c.Reason);
            },
            d =>
            {
                Assert.Equal("\"x\"", d.Expected.Text);
                Assert.Equal("Right after the previous option.", d.Reason);
            });
    }

    [Theory]
    [InlineData("# Header.\n\nCONFIG_A=y\n", 3, "CONFIG_A has no reason")]
    [InlineData("# Why.\nCONFIG_A=y\nCONFIG_B=y\n", 3, "CONFIG_B has no reason")]
    [InlineData("# Why.\nCONFIG_A=y\n# Again.\nCONFIG_A=y\n", 4, "CONFIG_A is named again (first on line 2)")]
    [InlineData("# Why.\nCONFIG_A=m\n", 2, "CONFIG_A=m needs a '# module: NAME' line")]
    [InlineData("# Why.\n# module: foo\nCONFIG_A=y\n", 2, "only goes with an =m option")]
    [InlineData("# Why.\n# module: foo\n\n# Other.\nCONFIG_A=m\n", 2, "is not followed by an option")]
    [InlineData("# Why.\n# module: foo bar\nCONFIG_A=m\n", 2, "'foo bar' is not a module name")]
    [InlineData("# Why.\nCONFIG_A=yes\n", 2, "'yes' is not a valid value for CONFIG_A")]
    public void RejectsBadFragmentsNamingTheLine(string text, int line, string problem)
    {
        var error = Assert.Throws<KernelConfigFormatException>(() => KernelConfigFragment.Parse(text, "f.config"));
        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith($"f.config:{line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("required")]
    [InlineData("recommended")]
    [InlineData("microvm")]
    public void BuiltInFragmentsAreEmbeddedAndMatchTheRepositoryFiles(string name)
    {
        var embedded = KernelConfigFragment.BuiltIn(name);
        var file = KernelConfigFragment.Load(RepositoryFile($"kernel-configs/{name}.config"));

        Assert.Equal($"{name}.config", embedded.Name);
        Assert.NotEmpty(embedded.Requirements);
        Assert.Equal(
            file.Requirements.Select(r => (r.Option, r.Expected, r.Reason, r.Module)),
            embedded.Requirements.Select(r => (r.Option, r.Expected, r.Reason, r.Module)));
        Assert.All(embedded.Requirements, r => Assert.True(r.Reason.Length >= 10, $"{r.Option}: reason '{r.Reason}' is too short"));
    }

    [Fact]
    public void RequiredOptionsAreAllBuiltInAndIncludeTheCellControllers()
    {
        var required = KernelConfigFragment.Required.Requirements;

        Assert.All(required, r => Assert.Equal(KernelConfigValue.BuiltIn, r.Expected));
        var options = required.Select(r => r.Option).ToHashSet();
        foreach (var option in new[]
                 {
                     "CONFIG_DEVTMPFS", "CONFIG_BLK_DEV_INITRD", "CONFIG_CGROUPS",
                     "CONFIG_MEMCG", "CONFIG_CGROUP_PIDS", "CONFIG_CPUSETS", "CONFIG_CGROUP_SCHED", "CONFIG_FAIR_GROUP_SCHED",
                     "CONFIG_CFS_BANDWIDTH", "CONFIG_NAMESPACES", "CONFIG_PID_NS", "CONFIG_UTS_NS", "CONFIG_IPC_NS",
                     "CONFIG_NET_NS", "CONFIG_UNIX", "CONFIG_INET", "CONFIG_PROC_FS", "CONFIG_SYSFS", "CONFIG_TMPFS",
                     "CONFIG_MODULES", "CONFIG_SECCOMP", "CONFIG_EPOLL", "CONFIG_FUTEX", "CONFIG_SHMEM", "CONFIG_PRINTK",
                 })
        {
            Assert.Contains(option, options);
        }
    }

    [Theory]
    [InlineData(CompressionFormat.None, new string[0])]
    [InlineData(CompressionFormat.Gzip, new[] { "CONFIG_RD_GZIP" })]
    [InlineData(CompressionFormat.Zstd, new[] { "CONFIG_RD_ZSTD" })]
    public void ANodeNeedsTheDecompressorOfItsOwnInitramfsOnly(CompressionFormat compression, string[] decompressors)
    {
        var fragments = KernelConfigFragment.ForNode(compression);

        Assert.Equal(KernelConfigFragment.Required.Name, fragments[0].Name);
        Assert.DoesNotContain(KernelConfigFragment.Required.Requirements, r => r.Option.StartsWith("CONFIG_RD_", StringComparison.Ordinal));
        Assert.Equal(decompressors, fragments.Skip(1).SelectMany(f => f.Requirements).Select(r => r.Option));
        Assert.All(fragments.Skip(1).SelectMany(f => f.Requirements), r => Assert.Equal(KernelConfigValue.BuiltIn, r.Expected));
    }

    [Fact]
    public void MicrovmFragmentHoldsEveryRequiredOptionAndTheGuestDrivers()
    {
        var microvm = KernelConfigFragment.BuiltIn("microvm").Requirements.ToDictionary(r => r.Option, r => r.Expected);

        Assert.All(KernelConfigFragment.Required.Requirements, r => Assert.Equal(r.Expected, microvm.GetValueOrDefault(r.Option)));
        foreach (var option in new[]
                 {
                     "CONFIG_VIRTIO_MMIO", "CONFIG_VIRTIO_PCI", "CONFIG_VIRTIO_NET", "CONFIG_VIRTIO_BLK",
                     "CONFIG_VIRTIO_VSOCKETS", "CONFIG_PVH", "CONFIG_SERIAL_8250_CONSOLE",
                 })
        {
            Assert.Equal(KernelConfigValue.BuiltIn, microvm.GetValueOrDefault(option));
        }
    }

    [Fact]
    public void MicrovmFragmentIsPlainKconfigThatMergeConfigReads()
    {
        // merge_config.sh only looks at CONFIG_X=... and "# CONFIG_X is not set" lines; every other line
        // must be a comment or blank, and no reason comment may look like a not-set line.
        var lines = File.ReadAllLines(RepositoryFile("kernel-configs/microvm.config"));
        Assert.All(lines, line => Assert.True(
            line.Length == 0 || line.StartsWith('#') || System.Text.RegularExpressions.Regex.IsMatch(line, "^CONFIG_[A-Z0-9_]+=y$"),
            $"unexpected line '{line}'"));
        Assert.DoesNotContain(lines, line => line.Contains("is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void ResolveTakesAFileOrABuiltInName()
    {
        Assert.Equal("recommended.config", KernelConfigFragment.Resolve("recommended").Name);
        Assert.Equal("microvm.config", KernelConfigFragment.Resolve("microvm.config").Name);
        var missing = Assert.Throws<FileNotFoundException>(() => KernelConfigFragment.Resolve("/nonexistent/mine.config"));
        Assert.Contains("/nonexistent/mine.config: no such fragment file", missing.Message);
        Assert.Throws<ArgumentException>(() => KernelConfigFragment.BuiltIn("nonsense"));
    }

    internal static string RepositoryFile(string relativePath) => Path.Combine(RepositoryRoot.Path, relativePath);
}
