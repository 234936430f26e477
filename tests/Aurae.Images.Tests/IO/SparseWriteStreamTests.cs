using Aurae.Images.IO;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.IO;

public sealed class SparseWriteStreamTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Blocks the file system allocated for <paramref name="path"/>, in bytes, as stat(1) reports them.</summary>
    private static long AllocatedBytes(string path)
    {
        var result = ExternalTool.Run("/usr/bin/stat", ["-c", "%b %B", path]);
        var parts = result.StandardOutputText.Trim().Split(' ');
        return long.Parse(parts[0]) * long.Parse(parts[1]);
    }

    [Fact]
    public void Zero_blocks_become_holes_and_the_file_reads_back_byte_for_byte()
    {
        var expected = new byte[64 << 20];
        new Random(7).NextBytes(expected.AsSpan(0, 10_000));           // data, then 64 MiB of zeros...
        new Random(8).NextBytes(expected.AsSpan(40 << 20, 5_000));     // ...broken once in the middle
        expected[^1] = 0xAA;                                           // and a last byte
        var path = Path.Combine(_temp.Path, "disk.raw");

        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        using (var sparse = new SparseWriteStream(file))
        {
            // Odd chunk sizes: whole blocks are judged whatever the writes' boundaries.
            for (var offset = 0; offset < expected.Length; offset += 12_345)
                sparse.Write(expected, offset, Math.Min(12_345, expected.Length - offset));
            Assert.Equal(expected.Length, sparse.Length);
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.True(AllocatedBytes(path) < 1 << 20, $"{AllocatedBytes(path)} bytes allocated for 20 KB of data");
    }

    [Fact]
    public void Trailing_zeros_still_give_the_file_its_full_length()
    {
        var path = Path.Combine(_temp.Path, "tail.raw");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        using (var sparse = new SparseWriteStream(file))
        {
            sparse.Write([1, 2, 3]);
            sparse.Write(new byte[3 * SparseWriteStream.BlockSize + 5]);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(3 + 3 * SparseWriteStream.BlockSize + 5, bytes.Length);
        Assert.Equal([1, 2, 3], bytes[..3]);
        Assert.All(bytes[3..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Writing_starts_at_the_files_position_and_leaves_what_is_before_it()
    {
        var path = Path.Combine(_temp.Path, "offset.raw");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            file.Write([9, 9]);
            file.Position = 8192;
            using (var sparse = new SparseWriteStream(file, leaveOpen: true))
                sparse.Write([0, 0, 7]);
            Assert.Equal(8195, file.Length);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([9, 9], bytes[..2]);
        Assert.Equal(7, bytes[8194]);
    }

    [Fact]
    public void A_read_only_stream_is_refused()
    {
        var path = Path.Combine(_temp.Path, "ro.raw");
        File.WriteAllBytes(path, []);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read);

        var error = Assert.Throws<ArgumentException>(() => new SparseWriteStream(file));
        Assert.Contains("writable", error.Message);
    }
}
