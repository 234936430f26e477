using Aurae.Images.Checksums;

namespace Aurae.Images.Tests.Checksums;

public sealed class Crc64Tests
{
    // The "check" value of CRC-64/XZ in the CRC catalogue.
    private const ulong CheckValue = 0x995DC9BBDF1939FA;

    [Fact]
    public void MatchesTheCatalogue_WholeOrInPieces()
    {
        Assert.Equal(CheckValue, Crc64.Compute("123456789"u8));
        Assert.Equal(CheckValue, Crc64.Append(Crc64.Append(0, "1234"u8), "56789"u8));
        Assert.Equal(0ul, Crc64.Compute([]));
    }
}
