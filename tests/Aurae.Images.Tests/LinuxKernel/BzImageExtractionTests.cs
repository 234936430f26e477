using Aurae.Images.LinuxKernel;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>Synthetic bzImages whose payloads the real gzip, xz, zstd and lz4 tools compressed must round-trip byte-exact.</summary>
public sealed class BzImageExtractionTests
{
    private const string Gzip = "/usr/bin/gzip";
    private const string Xz = "/usr/bin/xz";
    private const string Zstd = "/usr/bin/zstd";
    private const string Lz4 = "/usr/bin/lz4";

    public static TheoryData<string, string, string[], bool> Tools => new()
    {
        // Each as the kernel's scripts/Makefile.lib invokes it (gzip's own trailer holds the size).
        { "Gzip", Gzip, ["-9", "-n", "-c"], false },
        { "Xz", Xz, ["--check=crc32", "--x86", "--lzma2", "-c"], true },
        { "Zstd", Zstd, ["-19", "-q", "-c"], true },
        { "Lz4", Lz4, ["-l", "-9", "-c"], true },
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public void ExtractVmlinux_PayloadFromRealTool_RoundTrips(string compression, string tool, string[] arguments, bool appendSize)
    {
        byte[] vmlinux = SyntheticBzImage.FakeVmlinux();
        byte[] payload = SyntheticBzImage.Payload(SyntheticBzImage.Compress(tool, arguments, vmlinux), (uint)vmlinux.Length, appendSize);

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(payload));

        Assert.Equal(compression, image.PayloadCompression.ToString());
        Assert.Equal((uint)vmlinux.Length, image.VmlinuxLength);
        Assert.Equal(SyntheticBzImage.Version, image.KernelVersion);
        Assert.Equal("6.9.0-aurae-test", image.KernelRelease);
        Assert.True(image.ExtractVmlinux().AsSpan().SequenceEqual(vmlinux));
    }

    [Theory]
    [InlineData("--check=crc64")]
    [InlineData("--check=sha256")]
    [InlineData("--check=none")]
    [InlineData("--block-size=65536")]
    [InlineData("--x86=start=16")]
    public void ExtractVmlinux_XzVariants_RoundTrip(string option)
    {
        byte[] vmlinux = SyntheticBzImage.FakeVmlinux(300_000);
        string[] arguments = option.StartsWith("--x86", StringComparison.Ordinal)
            ? [option, "--lzma2=preset=1", "-c"]
            : [option, "--x86", "--lzma2=preset=1", "-c"];
        byte[] compressed = SyntheticBzImage.Compress(Xz, arguments, vmlinux);

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)vmlinux.Length)));

        Assert.True(image.ExtractVmlinux().AsSpan().SequenceEqual(vmlinux));
    }

    [Fact]
    public void ExtractVmlinux_XzBcjOverRealKernelCode_RoundTrips()
    {
        // Four MiB of the real vmlinux: real E8/E9 instruction patterns for the x86 BCJ filter.
        byte[] vmlinux = RealKernel.CurrentVmlinux[..(4 << 20)];
        byte[] compressed = SyntheticBzImage.Compress(Xz, ["--check=crc32", "--x86", "--lzma2=preset=1", "-c"], vmlinux);

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)vmlinux.Length)));

        Assert.True(image.ExtractVmlinux().AsSpan().SequenceEqual(vmlinux));
    }

    [Fact]
    public void ExtractVmlinux_Lz4SeveralBlocksAndConcatenatedFrames_RoundTrips()
    {
        byte[] first = SyntheticBzImage.FakeVmlinux(9 << 20); // more than one 8 MiB legacy block
        byte[] second = SyntheticBzImage.FakeVmlinux(100_000);
        byte[] compressed = [.. SyntheticBzImage.Compress(Lz4, ["-l", "-c"], first), .. SyntheticBzImage.Compress(Lz4, ["-l", "-c"], second)];
        byte[] expected = [.. first, .. second];

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(compressed, (uint)expected.Length)));

        Assert.True(image.ExtractVmlinux().AsSpan().SequenceEqual(expected));
    }

    [Fact]
    public void Parse_SetupSectsZeroMeansFour_AndMissingVersionIsNull()
    {
        byte[] vmlinux = SyntheticBzImage.FakeVmlinux(10_000);
        byte[] payload = SyntheticBzImage.Compress(Gzip, ["-9", "-n", "-c"], vmlinux);

        BzImage image = BzImage.Parse(SyntheticBzImage.Build(payload, setupSects: 0, withVersion: false));

        Assert.Equal(4, image.SetupSectors);
        Assert.Null(image.KernelVersion);
        Assert.Null(image.KernelRelease);
        Assert.True(image.ExtractVmlinux().AsSpan().SequenceEqual(vmlinux));
    }

    [Fact]
    public void ExtractVmlinux_HandWrittenLz4Block_DecodesOverlappingMatches()
    {
        byte[] header = SyntheticBzImage.FakeVmlinux(64);
        // Sequence 1: 64 literals (15 + 49), then a match of 1000 bytes (4 + 15 + 255*3 + 216) at offset 3.
        byte[] block = [0xFF, 49, .. header, 3, 0, 255, 255, 255, 216, 0x50, .. "TAIL!"u8];
        byte[] expected = new byte[64 + 1000 + 5];
        header.CopyTo(expected, 0);
        for (int i = 64; i < 1064; i++)
        {
            expected[i] = expected[i - 3];
        }

        "TAIL!"u8.CopyTo(expected.AsSpan(1064));

        Assert.Equal(expected, Lz4LegacyPayload.Extract(Lz4LegacyPayload.Frame(block), expected.Length));
    }
}
