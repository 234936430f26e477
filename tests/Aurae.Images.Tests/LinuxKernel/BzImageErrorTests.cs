using System.Buffers.Binary;
using Aurae.Images.Compression;
using Aurae.Images.LinuxKernel;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>Bad headers, truncated or corrupted payloads and unsupported compressors must fail with clear errors.</summary>
public sealed class BzImageErrorTests
{
    private const string Gzip = "/usr/bin/gzip";
    private const string Xz = "/usr/bin/xz";
    private const string Zstd = "/usr/bin/zstd";
    private const string Lz4 = "/usr/bin/lz4";
    private const string Bzip2 = "/usr/bin/bzip2";
    private const string Lzma = "/usr/bin/lzma";

    private static readonly byte[] Vmlinux = SyntheticBzImage.FakeVmlinux(50_000);

    public static TheoryData<string, string, string[], bool> Tools => BzImageExtractionTests.Tools;

    [Theory]
    [MemberData(nameof(Tools))]
    public void ExtractVmlinux_TruncatedCompressedData_FailsNamingTheFormat(string compression, string tool, string[] arguments, bool appendSize)
    {
        byte[] compressed = SyntheticBzImage.Compress(tool, arguments, Vmlinux);
        byte[] cut = compressed[..(compressed.Length / 2)];
        // Keep the size trailer of the full data, as a damaged download of a real payload would not.
        byte[] payload = appendSize ? SyntheticBzImage.Payload(cut, (uint)Vmlinux.Length) : [.. cut, .. compressed[^4..]];

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(payload));
        var error = Assert.Throws<InvalidDataException>(() => image.ExtractVmlinux());

        Assert.Contains(compression, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gzip", Gzip, new[] { "-9", "-n", "-c" }, false)]
    [InlineData("Xz", Xz, new[] { "--check=crc32", "--x86", "--lzma2", "-c" }, true)]
    [InlineData("Zstd", Zstd, new[] { "-19", "-q", "-c" }, true)]
    public void ExtractVmlinux_CorruptedByte_FailsNamingTheFormat(string compression, string tool, string[] arguments, bool appendSize)
    {
        byte[] compressed = SyntheticBzImage.Compress(tool, arguments, Vmlinux);
        compressed[compressed.Length / 2] ^= 0x55;

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)Vmlinux.Length, appendSize)));
        var error = Assert.Throws<InvalidDataException>(() => image.ExtractVmlinux());

        Assert.Contains(compression, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractVmlinux_SizeFieldDisagrees_Fails()
    {
        byte[] compressed = SyntheticBzImage.Compress(Lz4, ["-l", "-c"], Vmlinux);

        var larger = Assert.Throws<InvalidDataException>(() =>
            BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)Vmlinux.Length + 1))).ExtractVmlinux());
        var smaller = Assert.Throws<InvalidDataException>(() =>
            BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)Vmlinux.Length - 1))).ExtractVmlinux());

        Assert.Contains($"decompresses to {Vmlinux.Length} bytes, but its size field records {Vmlinux.Length + 1}", larger.Message, StringComparison.Ordinal);
        Assert.Contains("more than", smaller.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractVmlinux_Lz4BlockSizePastTheEnd_Fails()
    {
        byte[] compressed = SyntheticBzImage.Compress(Lz4, ["-l", "-c"], Vmlinux);
        BinaryPrimitives.WriteUInt32LittleEndian(compressed.AsSpan(4), 0x00FF_FFFF);

        var error = Assert.Throws<InvalidDataException>(() =>
            BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)Vmlinux.Length))).ExtractVmlinux());

        Assert.Contains("LZ4 legacy block at offset 4 claims 16777215 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "offset 0 is invalid")]
    [InlineData(100, "offset 100 is invalid at output position 64")]
    public void ExtractVmlinux_Lz4BadMatchOffset_Fails(ushort offset, string message)
    {
        byte[] header = SyntheticBzImage.FakeVmlinux(64);
        byte[] block = [0xF0, 49, .. header, (byte)offset, (byte)(offset >> 8), 0x50, .. "TAIL!"u8];

        var error = Assert.Throws<InvalidDataException>(() => Lz4LegacyPayload.Extract(Lz4LegacyPayload.Frame(block), 64 + 4 + 5));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractVmlinux_Lz4LiteralsPastTheBlock_Fails()
    {
        byte[] header = SyntheticBzImage.FakeVmlinux(64);
        byte[] block = [0xF0, 60, .. header];

        var error = Assert.Throws<InvalidDataException>(() => Lz4LegacyPayload.Extract(Lz4LegacyPayload.Frame(block), 75));

        Assert.Contains("literal run of 75 bytes passes the end of the block", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, (ushort)62, "ELF class 1")]
    [InlineData(2, (ushort)183, "machine 183, not x86-64")]
    public void ExtractVmlinux_WrongElf_Fails(byte elfClass, ushort machine, string message)
    {
        byte[] elf = SyntheticBzImage.FakeVmlinux(10_000, elfClass, machine);
        byte[] payload = SyntheticBzImage.Compress(Gzip, ["-n", "-c"], elf);

        var error = Assert.Throws<InvalidDataException>(() => BzImage.Parse(SyntheticBzImage.Build(payload)).ExtractVmlinux());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractVmlinux_NotAnElf_Fails()
    {
        byte[] text = new byte[10_000];
        byte[] payload = SyntheticBzImage.Compress(Gzip, ["-n", "-c"], text);

        var error = Assert.Throws<InvalidDataException>(() => BzImage.Parse(SyntheticBzImage.Build(payload)).ExtractVmlinux());

        Assert.Contains("not an ELF file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bzip2", Bzip2)]
    [InlineData("Lzma", Lzma)]
    public void ExtractVmlinux_UnsupportedCompressorFromRealTool_NamesIt(string compression, string tool)
    {
        byte[] payload = SyntheticBzImage.Payload(SyntheticBzImage.Compress(tool, ["-c"], Vmlinux), (uint)Vmlinux.Length);

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(payload));
        var error = Assert.Throws<NotSupportedException>(() => image.ExtractVmlinux());

        Assert.Equal(compression, image.PayloadCompression.ToString());
        Assert.Contains($"unsupported compression '{compression}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractVmlinux_Lzo_NamesIt()
    {
        byte[] payload = [0x89, (byte)'L', (byte)'Z', (byte)'O', 0, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(payload));

        Assert.Equal(CompressionFormat.Lzo, image.PayloadCompression);
        Assert.Contains("'Lzo'", Assert.Throws<NotSupportedException>(() => image.ExtractVmlinux()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadHeaders_FailClearly()
    {
        byte[] payload = SyntheticBzImage.Compress(Gzip, ["-n", "-c"], Vmlinux);
        byte[] noBootFlag = SyntheticBzImage.Build(payload);
        noBootFlag[0x1FE] = 0;
        byte[] noHdrS = SyntheticBzImage.Build(payload);
        noHdrS[0x203] = (byte)'x';

        Assert.Contains("55 AA", Assert.Throws<InvalidDataException>(() => BzImage.Parse(noBootFlag)).Message, StringComparison.Ordinal);
        Assert.Contains("HdrS", Assert.Throws<InvalidDataException>(() => BzImage.Parse(noHdrS)).Message, StringComparison.Ordinal);
        Assert.Contains("HdrS", Assert.Throws<InvalidDataException>(() => BzImage.Parse(new byte[100])).Message, StringComparison.Ordinal);
        Assert.Contains("boot protocol 2.7", Assert.Throws<InvalidDataException>(() => BzImage.Parse(SyntheticBzImage.Build(payload, protocol: 0x0207))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedFileOrUnknownPayload_FailClearly()
    {
        byte[] payload = SyntheticBzImage.Compress(Gzip, ["-n", "-c"], Vmlinux);
        byte[] full = SyntheticBzImage.Build(payload);
        byte[] unknown = SyntheticBzImage.Build([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]);

        var truncated = Assert.Throws<InvalidDataException>(() => BzImage.Parse(full[..^100]));
        var lengthTooBig = Assert.Throws<InvalidDataException>(() => BzImage.Parse(SyntheticBzImage.Build(payload, payloadLength: payload.Length + 1)));
        var noMagic = Assert.Throws<InvalidDataException>(() => BzImage.Parse(unknown));

        Assert.Contains("does not fit", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", lengthTooBig.Message, StringComparison.Ordinal);
        Assert.Contains("12345678", noMagic.Message, StringComparison.Ordinal);
    }
}
