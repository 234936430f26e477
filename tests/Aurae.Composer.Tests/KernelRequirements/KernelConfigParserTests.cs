using Aurae.Composer.KernelRequirements;

namespace Aurae.Composer.Tests.KernelRequirements;

public sealed class KernelConfigParserTests
{
    [Fact]
    public void ParsesEverySyntaxAKernelConfigUses()
    {
        var config = KernelBuildConfig.Parse(string.Join('\n',
            "#",
            "# Automatically generated file; DO NOT EDIT.",
            "",
            "CONFIG_BUILT=y",
            "CONFIG_MOD=m",
            "CONFIG_OFF=n",
            "# CONFIG_UNSET is not set",
            "CONFIG_CMDLINE=\"console=ttyS0 quote=\\\"x\\\"\"",
            "CONFIG_EMPTY=\"\"",
            "CONFIG_NR_CPUS=8192",
            "CONFIG_NEG=-1",
            "CONFIG_PHYSICAL_START=0x1000000",
            "CONFIG_CRLF=y\r",
            ""), "test.config");

        Assert.Equal(KernelConfigValue.BuiltIn, config["CONFIG_BUILT"]);
        Assert.Equal(KernelConfigValue.Module, config["CONFIG_MOD"]);
        Assert.Equal(KernelConfigValueKind.NotSet, config["CONFIG_OFF"].Kind);
        Assert.Equal(KernelConfigValueKind.NotSet, config["CONFIG_UNSET"].Kind);
        Assert.Equal(new KernelConfigValue(KernelConfigValueKind.String, "\"console=ttyS0 quote=\\\"x\\\"\""), config["CONFIG_CMDLINE"]);
        Assert.Equal(new KernelConfigValue(KernelConfigValueKind.String, "\"\""), config["CONFIG_EMPTY"]);
        Assert.Equal(new KernelConfigValue(KernelConfigValueKind.Number, "8192"), config["CONFIG_NR_CPUS"]);
        Assert.Equal(new KernelConfigValue(KernelConfigValueKind.Number, "-1"), config["CONFIG_NEG"]);
        Assert.Equal(new KernelConfigValue(KernelConfigValueKind.Number, "0x1000000"), config["CONFIG_PHYSICAL_START"]);
        Assert.Equal(KernelConfigValue.BuiltIn, config["CONFIG_CRLF"]);
        Assert.Equal(KernelConfigValueKind.NotSet, config["CONFIG_NEVER_MENTIONED"].Kind);
        Assert.False(config.Options.ContainsKey("CONFIG_NEVER_MENTIONED"));
        Assert.Equal(10, config.Options.Count);
    }

    [Theory]
    [InlineData("CONFIG_A=y\nCONFIG_B\n", 2, "expected CONFIG_NAME=value")]
    [InlineData("CONFIG_A=y\n\nFOO=y\n", 3, "found 'FOO=y'")]
    [InlineData("CONFIG_A=maybe\n", 1, "'maybe' is not a valid value for CONFIG_A")]
    [InlineData("# c\nCONFIG_A=\n", 2, "CONFIG_A has no value")]
    [InlineData("CONFIG_A=\"unterminated\n", 1, "is not a valid value for CONFIG_A")]
    [InlineData("CONFIG_A=0xZZ\n", 1, "'0xZZ' is not a valid value")]
    [InlineData("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_A is not set\n", 3, "CONFIG_A is set again (first on line 1)")]
    public void RejectsBadLinesNamingTheFileAndLine(string text, int line, string problem)
    {
        var error = Assert.Throws<KernelConfigFormatException>(() => KernelBuildConfig.Parse(text, "bad.config"));
        Assert.Equal("bad.config", error.SourceName);
        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith($"bad.config:{line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void FormatsValuesAsAConfigLineWould()
    {
        Assert.Equal("CONFIG_X=y", KernelConfigValue.BuiltIn.Format("CONFIG_X"));
        Assert.Equal("CONFIG_X=m", KernelConfigValue.Module.Format("CONFIG_X"));
        Assert.Equal("CONFIG_X is not set", KernelConfigValue.NotSet.Format("CONFIG_X"));
    }
}
