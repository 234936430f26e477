using Aurae.Images.Compression;
using Aurae.Images.Cpio;
using Aurae.Images.Tests.TestSupport;
using ZstdSharp;

namespace Aurae.Images.Tests.Compression;

public sealed class CompressionStreamsTests
{
    private const string Gzip = "/usr/bin/gzip";
    private const string Zstd = "/usr/bin/zstd";

    /// <summary>Compressible but not trivial: a repeating text with a counter in it.</summary>
    private static byte[] SampleData(int length)
    {
        var data = new byte[length];
        var random = new Random(1234);
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(i % 64 < 48 ? 'a' + (i % 26) : random.Next(256));
        }

        return data;
    }

    private static byte[] Compress(CompressionFormat format, byte[] data, ZstdOptions? zstd = null)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = CompressionStreams.Create(buffer, format, zstd ?? ZstdOptions.Default, leaveOpen: true))
        {
            // Uneven chunks, to exercise stream boundaries.
            for (int offset = 0, chunk = 1; offset < data.Length; offset += chunk, chunk = (chunk * 3) % 70_001 + 1)
            {
                compressor.Write(data, offset, Math.Min(chunk, data.Length - offset));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void None_PassesBytesThrough()
    {
        byte[] data = SampleData(10_000);
        Assert.Equal(data, Compress(CompressionFormat.None, data));
    }

    [Theory]
    [InlineData(CompressionFormat.None)]
    [InlineData(CompressionFormat.Gzip)]
    [InlineData(CompressionFormat.Zstd)]
    public void LeaveOpen_ControlsOutputDisposal(CompressionFormat format)
    {
        var kept = new MemoryStream();
        CompressionStreams.Create(kept, format, leaveOpen: true).Dispose();
        Assert.True(kept.CanWrite, $"{format}: output closed despite leaveOpen");

        var closed = new MemoryStream();
        CompressionStreams.Create(closed, format).Dispose();
        Assert.False(closed.CanWrite, $"{format}: output left open");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_001)]
    public void Gzip_DecompressesWithGzipTool(int length)
    {
        byte[] data = SampleData(length);
        byte[] compressed = Compress(CompressionFormat.Gzip, data);

        Assert.Equal(data, ExternalTool.Run(Gzip, ["-dc"], compressed).StandardOutput);
    }

    [Fact]
    public void Gzip_IsDeterministic_WithZeroMtimeAndUnixOsByte()
    {
        byte[] data = SampleData(200_000);
        byte[] first = Compress(CompressionFormat.Gzip, data);
        byte[] second = Compress(CompressionFormat.Gzip, data);

        Assert.Equal(first, second);
        // RFC 1952: ID1 ID2 CM=8 FLG=0, MTIME=0 (4 bytes), XFL, OS=3 (Unix).
        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0 }, first[..8]);
        Assert.Equal(3, first[9]);
    }

    [Fact]
    public async Task Gzip_AsyncWrites_MatchSyncWrites()
    {
        byte[] data = SampleData(100_000);
        using var buffer = new MemoryStream();
        await using (Stream compressor = CompressionStreams.Create(buffer, CompressionFormat.Gzip, leaveOpen: true))
        {
            await compressor.WriteAsync(data);
        }

        Assert.Equal(Compress(CompressionFormat.Gzip, data), buffer.ToArray());
    }

    [Fact]
    public async Task Gzip_EmptyInput_IsAValidMember_SyncAndAsync()
    {
        // GZipStream alone writes nothing at all for empty input, which is not a gzip file.
        using var buffer = new MemoryStream();
        await using (CompressionStreams.Create(buffer, CompressionFormat.Gzip, leaveOpen: true))
        {
        }

        byte[] sync = Compress(CompressionFormat.Gzip, []);
        Assert.Equal(sync, buffer.ToArray());
        Assert.Equal(20, sync.Length);
        Assert.Empty(ExternalTool.Run(Gzip, ["-dc"], sync).StandardOutput);
        Assert.Empty(ExternalTool.Run(Gzip, ["-dc"], [.. sync, .. sync]).StandardOutput);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_001)]
    public void Zstd_DecompressesWithZstdTool(int length)
    {
        byte[] data = SampleData(length);
        byte[] compressed = Compress(CompressionFormat.Zstd, data);

        Assert.Equal(data, ExternalTool.Run(Zstd, ["-dc"], compressed).StandardOutput);
    }

    [Fact]
    public void Zstd_DefaultLevel_IsDeterministic()
    {
        byte[] data = SampleData(500_000);
        Assert.Equal(Compress(CompressionFormat.Zstd, data), Compress(CompressionFormat.Zstd, data));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(22)]
    public void Zstd_WindowNeverExceedsKernelLimit(int level)
    {
        byte[] compressed = Compress(CompressionFormat.Zstd, SampleData(1_000), new ZstdOptions { Level = level, Workers = 1 });

        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, compressed[..4]);
        byte descriptor = compressed[4];
        Assert.True((descriptor & 0x20) == 0, "Expected a streamed frame with a window descriptor (no single-segment flag).");
        Assert.True((descriptor & 0x04) != 0, "Expected the content checksum flag.");
        // RFC 8878 3.1.1.1.2: windowLog = 10 + exponent, plus mantissa eighths.
        byte window = compressed[5];
        long windowBase = 1L << (10 + (window >> 3));
        long windowSize = windowBase + (windowBase / 8 * (window & 7));
        Assert.True(windowSize <= 1L << ZstdOptions.MaxWindowLog, $"Level {level} window is {windowSize} bytes.");
    }

    [Fact]
    public void Zstd_OutputDoesNotDependOnWorkerCount()
    {
        // Large enough for several multi-threaded jobs at level 1, so the workers really split the input.
        byte[] data = SampleData(40_000_000);
        byte[] one = Compress(CompressionFormat.Zstd, data, new ZstdOptions { Level = 1, Workers = 1 });
        byte[] two = Compress(CompressionFormat.Zstd, data, new ZstdOptions { Level = 1, Workers = 2 });
        byte[] four = Compress(CompressionFormat.Zstd, data, new ZstdOptions { Level = 1, Workers = 4 });

        Assert.Equal(one, two);
        Assert.Equal(one, four);
        using var decompressor = new Decompressor();
        Assert.Equal(data, decompressor.Unwrap(one).ToArray());
    }

    [Fact]
    public void Zstd_WholeInputCompression_SplitsIntoJobsWhoseBytesDoNotDependOnWorkerCount()
    {
        // 20 MB: three ZstdOptions.JobSize jobs, as a daemon's initramfs segment is (levels 3 and 18
        // differ in their search, not in how zstd cuts the input into jobs).
        byte[] data = SampleData(20_000_000);
        byte[] one = CompressionStreams.Compress(data, CompressionFormat.Zstd, new ZstdOptions { Level = 3, Workers = 1 });
        byte[] two = CompressionStreams.Compress(data, CompressionFormat.Zstd, new ZstdOptions { Level = 3, Workers = 2 });

        Assert.Equal(one, two);
        using var decompressor = new Decompressor();
        Assert.Equal(data, decompressor.Unwrap(one).ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(23, 1)]
    [InlineData(19, 0)]
    public void ZstdOptions_RejectInvalidValues(int level, int workers)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdOptions { Level = level, Workers = workers });
    }

    [Fact]
    public void ZstdOptions_Defaults()
    {
        Assert.Equal(18, ZstdOptions.Default.Level);
        Assert.Equal(Environment.ProcessorCount, ZstdOptions.Default.Workers);
    }

    [Theory]
    [InlineData(CompressionFormat.Gzip, Gzip)]
    [InlineData(CompressionFormat.Zstd, Zstd)]
    public void CompressedInitramfs_RoundTripsThroughToolsAndCpio(CompressionFormat format, string tool)
    {
        var tree = new CpioTree();
        tree.Add(CpioEntry.CharacterDevice("dev/console", UnixFileMode.UserRead | UnixFileMode.UserWrite, 5, 1));
        tree.Add(CpioEntry.File("init", (UnixFileMode)Convert.ToInt32("755", 8), "#!/bin/sh\nexec sh\n"u8.ToArray()));

        using var buffer = new MemoryStream();
        using (Stream compressor = CompressionStreams.Create(buffer, format, leaveOpen: true))
        using (var writer = new CpioWriter(compressor, leaveOpen: true))
        {
            tree.WriteTo(writer);
        }

        byte[] archive = ExternalTool.Run(tool, ["-dc"], buffer.ToArray()).StandardOutput;
        string listing = ExternalTool.Run("/usr/bin/cpio", ["-it", "--quiet"], archive).StandardOutputText;
        Assert.Equal(["dev", "dev/console", "init"], listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
