using System.Globalization;
using System.IO.Compression;
using System.Text;
using Aurae.Images.Gce;
using Aurae.Images.Tests.TestSupport;
using static Aurae.Images.Tests.TestSupport.VirtualDiskSamples;

namespace Aurae.Images.Tests.Gce;

/// <summary>GCE image archives validated with GNU tar and gzip: listing, extraction, integrity, format bytes.</summary>
public sealed class GceImageArchiveTests
{
    private const string Tar = "/usr/bin/tar";
    private const string Gzip = "/usr/bin/gzip";
    private static readonly DateTimeOffset SampleTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000); // 2023-11-14 22:13:20 UTC

    private static void Write(string raw, string output) =>
        Convert(raw, output, (input, stream) => GceImageArchive.Write(input, stream, SampleTime));

    [Fact]
    public void GnuTar_ListsExactlyDiskRaw_WithSizeOwnerModeAndTime()
    {
        using var temp = new TempDirectory();
        string archive = temp.Combine("image.tar.gz");
        Write(CreateSparse(temp.Path), archive);

        ExternalTool.Result list = ExternalTool.Run(Tar, ["--full-time", "--numeric-owner", "-tvzf", archive]);

        string line = Assert.Single(list.StandardOutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"-rw-r--r-- 0/0 {SparseSize.ToString(CultureInfo.InvariantCulture)} 2023-11-14 22:13:20 disk.raw",
            string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GnuTar_ExtractsTheRawDiskByteForByte_AndGzipVerifiesTheArchive(bool dense)
    {
        using var temp = new TempDirectory();
        string raw = dense ? CreateDense(temp.Path, MiB + 1536) : CreateSparse(temp.Path);
        string archive = temp.Combine("image.tar.gz");
        Write(raw, archive);
        string extracted = Directory.CreateDirectory(temp.Combine("out")).FullName;

        ExternalTool.Run(Gzip, ["-t", archive]);
        ExternalTool.Run(Tar, ["-xzf", archive, "-C", extracted]);

        Assert.Equal(["disk.raw"], Directory.GetFiles(extracted).Select(Path.GetFileName));
        Assert.Equal(new FileInfo(raw).Length, new FileInfo(Path.Combine(extracted, "disk.raw")).Length);
        Assert.Equal(Sha256(raw), Sha256(Path.Combine(extracted, "disk.raw")));
    }

    [Fact]
    public void GzipHeader_HasNoTimeOrName_AndTarHeader_IsGnuFormat()
    {
        using var temp = new TempDirectory();
        string archive = temp.Combine("image.tar.gz");
        Write(CreateSparse(temp.Path), archive);
        byte[] gzip = ReadAt(archive, 0, 10);

        // RFC 1952 2.3: ID1 ID2, CM 8 (deflate), FLG 0 (no name, comment or extra), MTIME 0, OS 3 (Unix).
        Assert.Equal([0x1F, 0x8B, 8, 0], gzip[..4]);
        Assert.Equal([0, 0, 0, 0], gzip[4..8]);
        Assert.Equal(3, gzip[9]);

        byte[] header = new byte[512];
        using (var decompressed = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            decompressed.ReadExactly(header);
        }

        Assert.Equal("disk.raw", Field(header, 0, 100));
        Assert.Equal("0000644", Field(header, 100, 8));
        Assert.Equal("0000000", Field(header, 108, 8)); // uid
        Assert.Equal("0000000", Field(header, 116, 8)); // gid
        Assert.Equal(System.Convert.ToString(1_700_000_000L, 8), Field(header, 136, 12).TrimStart('0'));
        Assert.Equal((byte)'S', header[156]); // old-GNU sparse member, as tar -S writes it
        Assert.Equal("ustar  \0"u8.ToArray(), header[257..265]); // GNU magic and version (oldgnu layout)
        Assert.Equal(System.Convert.ToString(SparseSize, 8), Field(header, 483, 12).TrimStart('0')); // realsize
        // Only the data is stored: the size field counts the sparse chunks, far less than the disk.
        Assert.True(System.Convert.ToInt64(Field(header, 124, 12), 8) < SparseSize / 4);
    }

    [Fact]
    public void ManyDataIslands_NeedExtensionHeaders_AndGnuTarRestoresTheDiskExactly()
    {
        // 40 islands: 4 chunks in the header, then extension blocks of 21.
        using var temp = new TempDirectory();
        string raw = temp.Combine("islands.raw");
        const long size = 64 * MiB;
        using (var file = new FileStream(raw, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            file.SetLength(size);
            var random = new Random(40);
            for (int island = 0; island < 40; island++)
            {
                file.Position = island * MiB + 8192;
                var bytes = new byte[4096 + island];
                random.NextBytes(bytes);
                file.Write(bytes);
            }
        }
        string archive = temp.Combine("islands.tar.gz");
        Write(raw, archive);
        string extracted = Directory.CreateDirectory(temp.Combine("out")).FullName;

        ExternalTool.Run(Tar, ["-xzf", archive, "-C", extracted]);

        Assert.Equal(size, new FileInfo(Path.Combine(extracted, "disk.raw")).Length);
        Assert.Equal(Sha256(raw), Sha256(Path.Combine(extracted, "disk.raw")));
        Assert.True(new FileInfo(archive).Length < 1 * MiB, $"{new FileInfo(archive).Length} bytes for 200 KB of data");
    }

    [Fact]
    public void CorruptedArchive_FailsGzipTest()
    {
        using var temp = new TempDirectory();
        string archive = temp.Combine("image.tar.gz");
        Write(CreateSparse(temp.Path), archive);
        long length = new FileInfo(archive).Length;

        Patch(archive, length - 6, [(byte)(ReadAt(archive, length - 6, 1)[0] ^ 0xFF)]); // CRC-32 of the trailer

        ExternalTool.Result test = ExternalTool.RunUnchecked(Gzip, ["-t", archive]);
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("crc error", test.StandardError);
    }

    [Fact]
    public void WritingTwice_GivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        string raw = CreateSparse(temp.Path);
        Write(raw, temp.Combine("a.tar.gz"));
        Write(raw, temp.Combine("b.tar.gz"));
        Assert.Equal(File.ReadAllBytes(temp.Combine("a.tar.gz")), File.ReadAllBytes(temp.Combine("b.tar.gz")));
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        var notSectors = Assert.Throws<ArgumentException>(() => GceImageArchive.Write(new MemoryStream(new byte[1000]), new MemoryStream(), SampleTime));
        Assert.Equal("rawDisk", notSectors.ParamName);
        Assert.Contains("length 1000 bytes is not a multiple of 512 bytes", notSectors.Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => GceImageArchive.Write(new MemoryStream(), new MemoryStream(), SampleTime)).Message);
        using var forwardOnly = new ForwardOnlyStream(new MemoryStream(new byte[4096]));
        Assert.Contains("seekable", Assert.Throws<ArgumentException>(() => GceImageArchive.Write(forwardOnly, new MemoryStream(), SampleTime)).Message);
        Assert.Throws<ArgumentNullException>(() => GceImageArchive.Write(new MemoryStream(new byte[512]), null!, SampleTime));
    }

    /// <summary>A NUL- or space-terminated ASCII field of a tar header.</summary>
    private static string Field(byte[] header, int offset, int length) =>
        Encoding.ASCII.GetString(header, offset, length).TrimEnd('\0', ' ');
}
