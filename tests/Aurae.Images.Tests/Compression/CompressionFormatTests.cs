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

    // The enum also names the formats that are only read (kernel payloads, .deb members); a configuration
    // names exactly the ones an initramfs can be written in, in declaration order.
    private static readonly CompressionFormat[] Writable = [CompressionFormat.None, CompressionFormat.Gzip, CompressionFormat.Zstd];

    [Fact]
    public void All_ListsEveryWritableEnumValue()
    {
        Assert.Equal(Enum.GetValues<CompressionFormat>().Where(Writable.Contains).Select(f => f.ToName()), CompressionFormatNames.All);
    }

    [Fact]
    public void ReadOnlyFormats_HaveNoConfigurationName()
    {
        foreach (CompressionFormat format in Enum.GetValues<CompressionFormat>().Except(Writable))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => format.ToName());
            Assert.Throws<ArgumentOutOfRangeException>(() => CompressionStreams.Create(Stream.Null, format));
        }
    }
}
