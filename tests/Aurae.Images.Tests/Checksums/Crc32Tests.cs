using System.Text;
using Aurae.Images.Checksums;

namespace Aurae.Images.Tests.Checksums;

public sealed class Crc32Tests
{
    [Fact]
    public void CheckVector_MatchesTheStandardValue()
    {
        // The "check" value of CRC-32/ISO-HDLC (zlib's crc32) in the CRC catalogue.
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void EmptyInput_IsZero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void KnownSentence_MatchesZlib()
    {
        // zlib.crc32(b"The quick brown fox jumps over the lazy dog") == 0x414FA339
        Assert.Equal(0x414FA339u, Crc32.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        byte[] data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31)).ToArray();
        uint whole = Crc32.Compute(data);
        uint pieces = Crc32.Append(Crc32.Append(0, data.AsSpan(0, 3333)), data.AsSpan(3333));
        Assert.Equal(whole, pieces);
    }
}
