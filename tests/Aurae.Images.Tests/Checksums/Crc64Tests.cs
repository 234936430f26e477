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

    [Fact]
    public void EightBytesAtATime_AgreesWithTheBitwiseDefinition_AtEveryLengthAndSplit()
    {
        byte[] data = new byte[70];
        new Random(19).NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            ReadOnlySpan<byte> input = data.AsSpan(0, length);
            ulong expected = Bitwise(input);
            Assert.Equal(expected, Crc64.Compute(input));
            for (int split = 0; split <= length; split++)
                Assert.Equal(expected, Crc64.Append(Crc64.Compute(input[..split]), input[split..]));
        }
    }

    // xz's section 6 algorithm, one bit at a time: no tables to share a mistake with.
    private static ulong Bitwise(ReadOnlySpan<byte> data)
    {
        ulong register = ulong.MaxValue;
        foreach (byte value in data)
        {
            register ^= value;
            for (int bit = 0; bit < 8; bit++)
                register = (register & 1) != 0 ? (register >> 1) ^ 0xC96C_5795_D787_0F42 : register >> 1;
        }

        return ~register;
    }
}
