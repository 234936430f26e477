using Aurae.Contract.Syntax;
using Aurae.Cli.Syntax;

namespace Aurae.Client.Tests.Cli;

public sealed class SyntaxTests
{
    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("32M", 32L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("1g", 1L << 30)]
    [InlineData("512K", 512L << 10)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1Mi", 1L << 20)]
    [InlineData("3T", 3L << 40)]
    [InlineData("100B", 100L)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("0", 0L)]
    public void Sizes_are_bytes_or_binary_multiples(string text, long bytes) => Assert.Equal(bytes, ByteSizeSyntax.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-1M")]
    [InlineData("1.5G")]
    [InlineData("32X")]
    [InlineData("32 MB extra")]
    [InlineData("9999999T")]
    [InlineData("99999999999999999999")]
    public void Bad_sizes_are_rejected(string text) => Assert.Throws<FormatException>(() => ByteSizeSyntax.Parse(text));

    [Theory]
    [InlineData("50000", 50000L, null)]
    [InlineData("50000/100000", 50000L, 100000UL)]
    [InlineData("2000000/1000000", 2000000L, 1000000UL)]
    public void Cpu_max_is_quota_and_optional_period(string text, long quota, ulong? period) =>
        Assert.Equal(new CpuMax(quota, period), CpuMax.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("max")]
    [InlineData("500")]
    [InlineData("50000/")]
    [InlineData("50000/100")]
    [InlineData("50000/2000000")]
    [InlineData("1/2/3")]
    [InlineData("-5000")]
    public void Bad_cpu_max_is_rejected(string text) => Assert.Throws<FormatException>(() => CpuMax.Parse(text));

    [Theory]
    [InlineData("A=1", "A", "1")]
    [InlineData("URL=a=b", "URL", "a=b")]
    [InlineData("EMPTY=", "EMPTY", "")]
    public void Environment_splits_at_the_first_equals(string text, string key, string value) =>
        Assert.Equal(new KeyValuePair<string, string>(key, value), EnvironmentSyntax.Parse(text));

    [Theory]
    [InlineData("NOVALUE")]
    [InlineData("=x")]
    public void Environment_without_a_name_is_rejected(string text) => Assert.Throws<FormatException>(() => EnvironmentSyntax.Parse(text));
}
