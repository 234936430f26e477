using Aurae.Images.Compression;

namespace Aurae.Images.Tests.Compression;

public sealed class CompressionFormatTests
{
    [Theory]
    [InlineData("none", CompressionFormat.None)]
    [InlineData("gzip", CompressionFormat.Gzip)]
    [InlineData("zstd", CompressionFormat.Zstd)]
    public void Parse_AcceptsConfigurationNames(string name, CompressionFormat expected)
    {
        Assert.Equal(expected, CompressionFormatNames.Parse(name));
        Assert.Equal(name, expected.ToName());
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("Gzip")]
    [InlineData("")]
    [InlineData(" zstd")]
    public void Parse_RejectsOtherNames_ListingValidValues(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => CompressionFormatNames.Parse(name));
        Assert.Contains($"'{name}'", exception.Message);
        Assert.Contains("none, gzip, zstd", exception.Message);
    }

    [Fact]
    public void TryParse_ReportsFailureWithoutThrowing()
    {
        Assert.False(CompressionFormatNames.TryParse(null, out _));
        Assert.True(CompressionFormatNames.TryParse("zstd", out CompressionFormat format));
        Assert.Equal(CompressionFormat.Zstd, format);
    }

    [Fact]
    public void All_ListsEveryEnumValue()
    {
        Assert.Equal(Enum.GetValues<CompressionFormat>().Select(f => f.ToName()), CompressionFormatNames.All);
    }
}
