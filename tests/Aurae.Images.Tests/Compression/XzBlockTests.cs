using Aurae.Images.Compression;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Compression;

/// <summary>
/// xz streams of several blocks, as dpkg writes packages: each block is decoded whole on another
/// core ahead of the reader (XzDecoderStream), so what must hold is that the bytes and every check
/// are the same as reading one block after the other, whatever the reader's buffer.
/// </summary>
public sealed class XzBlockTests
{
    private const string Xz = "/usr/bin/xz";

    private static byte[] Data(int length)
    {
        var random = new Random(19);
        var data = new byte[length];
        for (var i = 0; i < length; i += 64)
            data[i] = (byte)random.Next(0, 8); // compressible, not uniform
        return data;
    }

    private static byte[] Compress(byte[] data, params string[] options) =>
        ExternalTool.Run(Xz, [.. options, "-T1", "--lzma2=preset=1", "-c"], data).StandardOutput;

    /// <summary>How many blocks xz itself lists (it cannot list from stdin).</summary>
    private static int Blocks(byte[] compressed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aurae-xz-{Guid.NewGuid():N}.xz");
        try
        {
            File.WriteAllBytes(path, compressed);
            var file = ExternalTool.Run(Xz, ["--robot", "--list", path]).StandardOutputText.Split('\n').Single(l => l.StartsWith("file\t", StringComparison.Ordinal));
            return int.Parse(file.Split('\t')[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--check=crc32", 7777)]
    [InlineData("--check=crc64", 1 << 20)]
    [InlineData("--check=sha256", 1)]
    public void Several_blocks_read_with_any_buffer_give_the_input_back(string check, int bufferLength)
    {
        var data = Data(3_000_000);
        var compressed = Compress(data, check, "--block-size=700000");
        Assert.Equal(5, Blocks(compressed));

        using var decoded = Decompression.Open(compressed, CompressionFormat.Xz);
        using var result = new MemoryStream();
        var buffer = new byte[bufferLength];
        int read;
        while ((read = decoded.Read(buffer)) > 0)
            result.Write(buffer, 0, read);
        Assert.Equal(data, result.ToArray());
    }

    [Fact]
    public void A_corrupt_later_block_fails_the_read_that_reaches_it()
    {
        var data = Data(3_000_000);
        var compressed = Compress(data, "--check=crc32", "--block-size=700000");
        compressed[compressed.Length * 3 / 5] ^= 0x40; // inside the third or fourth block

        using var decoded = Decompression.Open(compressed, CompressionFormat.Xz);
        var first = new byte[700_000];
        Assert.Equal(first.Length, decoded.ReadAtLeast(first, first.Length));
        Assert.Equal(data[..700_000], first);
        Assert.Throws<InvalidDataException>(() => decoded.CopyTo(Stream.Null));
        // Reading on fails again rather than going on after the bad block.
        Assert.Throws<InvalidDataException>(() => decoded.ReadByte());
    }
}
