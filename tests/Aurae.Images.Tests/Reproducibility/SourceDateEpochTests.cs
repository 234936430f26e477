using Aurae.Images.Reproducibility;

namespace Aurae.Images.Tests.Reproducibility;

public sealed class SourceDateEpochTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_GivesFixedUnixEpoch(string? value)
    {
        Assert.Equal(DateTimeOffset.UnixEpoch, SourceDateEpoch.Parse(value));
        Assert.Equal(DateTimeOffset.UnixEpoch, SourceDateEpoch.Default);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1700000000", 1_700_000_000L)]
    [InlineData("4294967296", 4_294_967_296L)]
    public void ValidSeconds_AreParsed(string value, long seconds)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), SourceDateEpoch.Parse(value));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("1.5")]
    [InlineData("yesterday")]
    [InlineData("99999999999999999999")]
    public void InvalidValues_FailNamingTheVariable(string value)
    {
        var exception = Assert.Throws<FormatException>(() => SourceDateEpoch.Parse(value));
        Assert.Contains("SOURCE_DATE_EPOCH", exception.Message);
        Assert.Contains($"'{value}'", exception.Message);
    }
}
