using System.Formats.Tar;
using System.Text;
using Aurae.Images.Compression;
using Aurae.Images.Deb;
using Aurae.Images.Tests.TestSupport;
using Aurae.Testing.Ar;
using Aurae.Testing.Deb;

namespace Aurae.Images.Tests.Deb;

public sealed class DebPackageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(CompressionFormat.Gzip, "data.tar.gz")]
    [InlineData(CompressionFormat.Xz, "data.tar.xz")]
    [InlineData(CompressionFormat.Zstd, "data.tar.zst")]
    [InlineData(CompressionFormat.Bzip2, "data.tar.bz2")]
    [InlineData(CompressionFormat.None, "data.tar")]
    public void Streams_the_data_archive_whatever_its_compression(CompressionFormat compression, string member)
    {
        var path = new DebPackageBuilder { DataCompression = compression }
            .Directory("etc")
            .File("etc/hostname", "node\n")
            .File("usr/share/doc/test/README", "hello")
            .WriteTo(_directory.Path);

        var package = DebPackage.Open(path);
        var files = package.ReadDataEntries()
            .Where(e => e.IsRegularFile)
            .ToDictionary(e => e.Path, e => Encoding.UTF8.GetString(e.ReadContent()));

        Assert.Equal(member, package.DataMemberName);
        Assert.Equal(compression, package.DataCompression);
        Assert.Equal(new Dictionary<string, string> { ["etc/hostname"] = "node\n", ["usr/share/doc/test/README"] = "hello" }, files);
    }

    [Fact]
    public void Normalizes_entry_paths_and_leaves_out_the_root()
    {
        var path = new DebPackageBuilder().Directory("boot").File("boot/vmlinuz-1", [1, 2, 3]).WriteTo(_directory.Path);

        var entries = DebPackage.Open(path).ReadDataEntries().Select(e => (e.Path, e.EntryType, e.Length)).ToList();

        Assert.Equal([("boot", TarEntryType.Directory, 0L), ("boot/vmlinuz-1", TarEntryType.RegularFile, 3L)], entries);
    }

    [Theory]
    [InlineData("./lib/modules/", "lib/modules")]
    [InlineData("./boot/vmlinuz", "boot/vmlinuz")]
    [InlineData("/etc/passwd", "etc/passwd")]
    [InlineData("usr/bin", "usr/bin")]
    [InlineData("./", "")]
    [InlineData(".", "")]
    public void Normalizes_tar_paths(string tarPath, string expected) =>
        Assert.Equal(expected, DebPackage.NormalizePath(tarPath));

    [Fact]
    public void Refuses_to_read_an_entry_after_moving_past_it()
    {
        var path = new DebPackageBuilder().File("a", "A").File("b", "B").WriteTo(_directory.Path);

        var entries = DebPackage.Open(path).ReadDataEntries().ToList();

        var error = Assert.Throws<InvalidOperationException>(() => entries[0].ReadContent());
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Rejects_an_unsupported_format_version()
    {
        var path = new DebPackageBuilder { FormatVersion = "3.0\n" }.WriteTo(_directory.Path);

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.Equal($"{path}: unsupported package format version \"3.0\" (supported: 2.0)", error.Message);
    }

    [Fact]
    public void Rejects_an_ar_archive_that_does_not_start_with_debian_binary()
    {
        var path = _directory.File("other.deb", ArArchiveBuilder.Build(("hello.o", [0x7F])));

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.Equal($"{path}: not a Debian package: the first member is 'hello.o', expected 'debian-binary'", error.Message);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_an_ar_archive()
    {
        var path = _directory.File("text.deb", "just text"u8.ToArray());

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.Equal($"{path}: not an ar archive (missing the \"!<arch>\\n\" header at offset 0)", error.Message);
        Assert.Equal(path, error.PackagePath);
    }

    [Fact]
    public void Reports_a_missing_data_member()
    {
        var path = _directory.File("nodata.deb", ArArchiveBuilder.Build(
            ("debian-binary", "2.0\n"u8.ToArray()), ("control.tar.gz", [])));

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.Equal($"{path}: no 'data.tar[.gz|.xz|.zst|.bz2]' member", error.Message);
    }

    [Fact]
    public void Reports_an_unsupported_data_compression()
    {
        var path = _directory.File("lzma.deb", ArArchiveBuilder.Build(
            ("debian-binary", "2.0\n"u8.ToArray()), ("data.tar.lzma", [0x5D, 0, 0])));

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.StartsWith($"{path}: unsupported compression of 'data.tar.lzma'", error.Message);
    }

    [Fact]
    public void Reports_a_truncated_package_with_the_member_and_offset()
    {
        var complete = new DebPackageBuilder().File("big", new byte[4096]).Build();
        var path = _directory.File("cut.deb", complete[..^40]);

        var error = Assert.Throws<DebPackageException>(() => DebPackage.Open(path));

        Assert.StartsWith($"{path}: truncated member 'data.tar.gz' at offset ", error.Message);
    }

    [Fact]
    public void Reports_corrupt_compressed_data_naming_the_package()
    {
        var random = new Random(1);
        var content = new byte[64 * 1024];
        random.NextBytes(content);
        var bytes = new DebPackageBuilder { DataCompression = CompressionFormat.Xz }.File("noise", content).Build();
        // Damage the middle of the xz stream (the data member comes last).
        for (var i = bytes.Length - 20_000; i < bytes.Length - 19_000; i++)
            bytes[i] ^= 0x55;
        var path = _directory.File("corrupt.deb", bytes);
        var package = DebPackage.Open(path);

        var error = Assert.Throws<DebPackageException>(() =>
        {
            foreach (var entry in package.ReadDataEntries())
                entry.ReadContent();
        });

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains("data.tar.xz is corrupt or truncated", error.Message);
    }

    [Fact]
    public void Reports_a_missing_file()
    {
        var path = Path.Combine(_directory.Path, "absent.deb");

        Assert.Throws<FileNotFoundException>(() => DebPackage.Open(path));
    }
}
