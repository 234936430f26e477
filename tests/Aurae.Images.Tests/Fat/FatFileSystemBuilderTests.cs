using Aurae.Images.Fat;

namespace Aurae.Images.Tests.Fat;

/// <summary>Bad input is refused with clear messages; sizing errors name the size needed.</summary>
public sealed class FatFileSystemBuilderTests
{
    private static FatFileSystemBuilder NewBuilder() => new("TEST", 0x12345678, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    [Theory]
    [InlineData("")]
    [InlineData("/EFI/BOOT/X.EFI")]
    [InlineData("EFI//X.EFI")]
    [InlineData("EFI/")]
    [InlineData("EFI/./X.EFI")]
    [InlineData("EFI/../X.EFI")]
    [InlineData("a*b")]
    [InlineData("a?b")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData("a|b")]
    [InlineData("a\"b")]
    [InlineData("a<b")]
    [InlineData("a\tb")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    public void InvalidPaths_AreRejected(string path)
    {
        FatFileSystemBuilder builder = NewBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.AddFile(path, new byte[1]));
        Assert.Equal("path", error.ParamName);
        Assert.Throws<ArgumentException>(() => builder.AddDirectory(path));
    }

    [Fact]
    public void NameOf255Units_IsAccepted_256IsRejected()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile(new string('a', 255), new byte[1]);
        var error = Assert.Throws<ArgumentException>(() => builder.AddFile(new string('b', 256), new byte[1]));
        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateFile_IsRejected_CaseInsensitively()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1]);
        Assert.Throws<ArgumentException>(() => builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1]));
        var error = Assert.Throws<ArgumentException>(() => builder.AddFile("EFI/BOOT/bootx64.efi", new byte[1]));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryNamesDifferingOnlyInCase_AreRejected()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1]);
        var error = Assert.Throws<ArgumentException>(() => builder.AddFile("efi/boot/other.efi", new byte[1]));
        Assert.Contains("exists as 'EFI'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileUsedAsDirectory_AndDirectoryUsedAsFile_AreRejected()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("A/B", new byte[1]);
        Assert.Contains("is a file", Assert.Throws<ArgumentException>(() => builder.AddFile("A/B/C", new byte[1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.AddDirectory("A/B"));
        Assert.Throws<ArgumentException>(() => builder.AddFile("A", new byte[1]));
    }

    [Fact]
    public void AddDirectory_Twice_OrAfterImplicitCreation_IsAccepted()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1]);
        builder.AddDirectory("EFI/BOOT");
        builder.AddDirectory("EFI/Linux");
        builder.AddDirectory("EFI/Linux");
        Assert.Equal(FatType.Fat12, builder.BuildSmallest().Type);
    }

    [Theory]
    [InlineData("TWELVE CHARS")]
    [InlineData(" LEADING")]
    [InlineData("BAD*LABEL")]
    [InlineData("ÜMLAUT")]
    public void InvalidVolumeLabels_AreRejected(string label)
    {
        var error = Assert.Throws<ArgumentException>(() => new FatFileSystemBuilder(label, 1, DateTimeOffset.UnixEpoch));
        Assert.Equal("volumeLabel", error.ParamName);
    }

    [Fact]
    public void Fat32_TooFewSectors_IsRejected_NamingTheMinimum()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1000]);
        long minimum = builder.MinimumFat32Sectors();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.BuildFat32(20 * 2048, 2048));
        Assert.Equal("totalSectors", error.ParamName);
        Assert.Contains("65525 clusters", error.Message, StringComparison.Ordinal);
        Assert.Contains(minimum.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fat32_MinimumIsExact()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("big.bin", new byte[40 << 20]); // 40 MiB: more than the 65 525-cluster floor at 512 bytes
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[3000]);
        long minimum = builder.MinimumFat32Sectors();

        FatFileSystem fs = builder.BuildFat32(minimum, 0);
        Assert.Equal(FatType.Fat32, fs.Type);
        Assert.Equal(minimum, fs.TotalSectors);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.BuildFat32(minimum - 1, 0));
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fat32_EmptyContent_MinimumIsJustAbove65525Clusters()
    {
        FatFileSystemBuilder builder = NewBuilder();
        long minimum = builder.MinimumFat32Sectors();
        FatFileSystem fs = builder.BuildFat32(minimum, 0);
        Assert.Equal(65525, fs.ClusterCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.BuildFat32(minimum - 1, 0));
    }

    [Fact]
    public void Fat32_SizeBeyond32Bits_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewBuilder().BuildFat32(1L << 32, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewBuilder().BuildFat32(0, 0));
    }

    [Fact]
    public void BuiltFileSystem_DoesNotChangeWithLaterAdditions()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("A.TXT", new byte[10]);
        FatFileSystem before = builder.BuildSmallest();
        byte[] first = Write(before);
        builder.AddFile("B.TXT", new byte[5000]);
        Assert.Equal(first, Write(before));
        Assert.NotEqual(first.Length, Write(builder.BuildSmallest()).Length);
    }

    [Fact]
    public void WriteTo_WritesExactlyLength_ToANonSeekableStream()
    {
        FatFileSystemBuilder builder = NewBuilder();
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", new byte[777]);
        FatFileSystem fs = builder.BuildFat32(70_000, 2048);
        var sink = new AppendOnlyStream();
        fs.WriteTo(sink);
        Assert.Equal(fs.Length, sink.Length);
        Assert.Equal(70_000L * 512, fs.Length);
    }

    internal static byte[] Write(FatFileSystem fs)
    {
        using var buffer = new MemoryStream();
        fs.WriteTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Counts bytes; refuses seeking, so the writer must be sequential.</summary>
    private sealed class AppendOnlyStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
