using Aurae.Composer.KernelRequirements;

namespace Aurae.Composer.Tests.KernelRequirements;

public sealed class KernelRequirementCheckTests
{
    private static readonly KernelConfigFragment Fragment = KernelConfigFragment.Parse(string.Join('\n',
        "# Built in.",
        "CONFIG_Y=y",
        "# A driver.",
        "# module: virtio_net",
        "CONFIG_M=m",
        "# Off.",
        "# CONFIG_OFF is not set",
        "# Exact.",
        "CONFIG_NUM=64"), "test.config");

    private static KernelCheckReport Check(string config, IReadOnlySet<string>? modules) =>
        KernelRequirementCheck.Run(KernelBuildConfig.Parse(config, "kernel"), modules, [Fragment]);

    [Fact]
    public void AllMetWhenBuiltInOrModuleInTheImage()
    {
        var report = Check("CONFIG_Y=y\nCONFIG_M=m\nCONFIG_NUM=64\n", new HashSet<string> { "virtio-net.ko" });

        Assert.True(report.AllMet, report.Summary);
        Assert.Empty(report.Unmet);
        Assert.Equal("4 of 4 requirements met", report.Summary);
        Assert.Equal(
            ["ok      CONFIG_Y=y", "module  CONFIG_M=m (module virtio_net is in the image)", "ok      CONFIG_OFF is not set", "ok      CONFIG_NUM=64"],
            report.Results.Select(r => r.ToString()));
    }

    [Fact]
    public void BuiltInSatisfiesAModuleRequirementWithoutTheModule()
    {
        var report = Check("CONFIG_Y=y\nCONFIG_M=y\nCONFIG_NUM=64\n", new HashSet<string>());
        Assert.True(report.AllMet, report.Summary);
    }

    [Fact]
    public void ModuleNotInTheImageIsMissing()
    {
        var report = Check("CONFIG_Y=y\nCONFIG_M=m\nCONFIG_NUM=64\n", new HashSet<string> { "virtio_blk" });

        var unmet = Assert.Single(report.Unmet);
        Assert.Equal(KernelRequirementStatus.Missing, unmet.Status);
        Assert.Equal("MISSING CONFIG_M=m (module virtio_net is not in the image; A driver.)", unmet.ToString());
    }

    [Fact]
    public void UnknownImageReportsTheModuleItMustHold()
    {
        var report = Check("CONFIG_Y=y\nCONFIG_M=m\nCONFIG_NUM=64\n", null);

        Assert.True(report.AllMet);
        Assert.Equal("module  CONFIG_M=m (module virtio_net must be in the image)", report.Results[1].ToString());
    }

    [Fact]
    public void ReportsMissingAndWrongValuesWithReasons()
    {
        var report = Check("CONFIG_Y=m\nCONFIG_OFF=y\nCONFIG_NUM=32\n", null);

        Assert.False(report.AllMet);
        Assert.Equal(
            [
                "WRONG   CONFIG_Y=m (built as a module, but it must be built in (=y); Built in.)",
                "MISSING CONFIG_M (A driver.)",
                "WRONG   CONFIG_OFF=y (must not be set; Off.)",
                "WRONG   CONFIG_NUM=32 (must be 64; Exact.)",
            ],
            report.Unmet.Select(r => r.ToString()));
        Assert.Equal("0 of 4 requirements met; not met: CONFIG_Y, CONFIG_M, CONFIG_OFF, CONFIG_NUM", report.Summary);
    }

    [Fact]
    public void TextOverloadChecksTheRequiredFragment()
    {
        var report = KernelRequirementCheck.Run("CONFIG_MEMCG=y\n", new HashSet<string>());

        Assert.Equal(KernelConfigFragment.Required.Requirements.Count, report.Results.Count);
        Assert.DoesNotContain(report.Unmet, r => r.Requirement.Option == "CONFIG_MEMCG");
        Assert.Contains(report.Unmet, r => r.Requirement.Option == "CONFIG_CGROUP_PIDS");
    }
}
