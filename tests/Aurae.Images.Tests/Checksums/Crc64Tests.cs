using Aurae.Images.Checksums;

namespace Aurae.Images.Tests.Checksums;

public sealed class Crc64Tests
{
    [Fact]
    public void CheckVector_MatchesTheStandardValue()
    {
        // The "check" value of CRC-64/XZ in the CRC catalogue.
        Assert.Equal(0x995DC9BBDF1939FAul, Crc64.Compute("123456789"u8));
    }

    [Fact]
    public void EmptyInput_IsZero()
    {
        Assert.Equal(0ul, Crc64.Compute([]));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        byte[] data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31)).ToArray();
        ulong whole = Crc64.Compute(data);
        ulong pieces = Crc64.Append(Crc64.Append(0, data.AsSpan(0, 3333)), data.AsSpan(3333));
        Assert.Equal(whole, pieces);
    }
}
