using Aurae.Images.IO;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.IO;

public sealed class FileDataExtentsTests : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_sparse_files_holes_are_known_and_its_data_is_not_missed()
    {
        var path = Path.Combine(_temp.Path, "sparse.raw");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            file.SetLength(64 * MiB);
            file.Write([1]);
            file.Position = 40 * MiB + 123;
            file.Write([2, 3]);
        }
        using var stream = File.OpenRead(path);

        var extents = FileDataExtents.Of(stream);

        Assert.True(extents.HasData(0, 1));
        Assert.True(extents.HasData(40 * MiB + 123, 2));
        Assert.True(extents.HasData(39 * MiB, 2 * MiB)); // a range around the data
        Assert.False(extents.HasData(8 * MiB, 16 * MiB));
        Assert.False(extents.HasData(60 * MiB, 4 * MiB)); // the trailing hole
        Assert.True(extents.DataLength < 1 * MiB, $"{extents.DataLength} bytes of data reported for 3 bytes written");
    }

    [Fact]
    public void A_stream_that_is_not_a_file_is_data_throughout()
    {
        var extents = FileDataExtents.Of(new MemoryStream(new byte[4096]));

        Assert.Equal(4096, extents.DataLength);
        Assert.True(extents.HasData(4000, 1));
        Assert.False(extents.HasData(4096, 10));
        Assert.False(extents.HasData(0, 0));
    }

    [Fact]
    public void A_file_without_holes_is_one_extent()
    {
        var path = Path.Combine(_temp.Path, "dense.raw");
        File.WriteAllBytes(path, new byte[3 * 4096]);
        using var stream = File.OpenRead(path);

        Assert.Equal(3 * 4096, FileDataExtents.Of(stream).DataLength);
    }
}
